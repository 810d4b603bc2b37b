package dev.keyport.archfixture.violating.adapter.web;

import dev.keyport.archfixture.violating.application.keys.service.KeyService;

/** Breaks "adapters use ports, never services": reaches past the port to the implementation. */
public final class ControllerCallingService {
    private final KeyService service;

    public ControllerCallingService(KeyService service) {
        this.service = service;
    }

    public KeyService service() {
        return service;
    }
}
