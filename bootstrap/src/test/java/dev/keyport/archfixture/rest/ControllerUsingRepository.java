package dev.keyport.archfixture.rest;

import dev.keyport.archfixture.persistence.RepositoryUsingController;

/** Deliberately breaks the adapter rule: REST calling into persistence. Test fixture only. */
public class ControllerUsingRepository {
    public RepositoryUsingController repository() {
        return null;
    }
}
