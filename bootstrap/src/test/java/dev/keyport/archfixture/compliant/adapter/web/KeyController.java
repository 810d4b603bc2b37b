package dev.keyport.archfixture.compliant.adapter.web;

import dev.keyport.archfixture.compliant.application.keys.port.in.DisableKey;

/** A driving adapter: knows the driving port, not the service behind it. */
public final class KeyController {
    private final DisableKey disableKey;

    public KeyController(DisableKey disableKey) {
        this.disableKey = disableKey;
    }

    public String disable(String id) {
        return disableKey.disable(new DisableKey.Command(id)).id();
    }
}
