package dev.keyport.archfixture.bootstrap;

import dev.keyport.archfixture.persistence.RepositoryUsingController;
import dev.keyport.archfixture.rest.ControllerUsingRepository;

/** Allowed: bootstrap knows both adapters. Test fixture only. */
public class Wiring {
    public Object[] parts() {
        return new Object[] {new ControllerUsingRepository(), new RepositoryUsingController()};
    }
}
