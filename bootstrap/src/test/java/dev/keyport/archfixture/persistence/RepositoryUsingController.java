package dev.keyport.archfixture.persistence;

import dev.keyport.archfixture.rest.ControllerUsingRepository;

/** Deliberately breaks the adapter rule: persistence calling into REST. Test fixture only. */
public class RepositoryUsingController {
    public ControllerUsingRepository controller() {
        return new ControllerUsingRepository();
    }
}
