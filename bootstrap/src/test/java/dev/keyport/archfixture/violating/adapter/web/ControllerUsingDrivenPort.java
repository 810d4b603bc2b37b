package dev.keyport.archfixture.violating.adapter.web;

import dev.keyport.archfixture.violating.application.keys.port.out.Keys;

/** Breaks "driving adapters use only driving ports": a controller reading the store's port itself. */
public final class ControllerUsingDrivenPort {
    private final Keys keys;

    public ControllerUsingDrivenPort(Keys keys) {
        this.keys = keys;
    }

    public Keys keys() {
        return keys;
    }
}
