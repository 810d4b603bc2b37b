package dev.keyport.archfixture.violating.application.keys.service;

import dev.keyport.archfixture.violating.application.keys.port.in.DisableKey;
import dev.keyport.archfixture.violating.application.keys.port.out.Keys;
import dev.keyport.archfixture.violating.application.shared.port.out.Clock;
import dev.keyport.archfixture.violating.domain.Key;

/** A service: implements its feature's driving port with its driven ports and the shared ones. */
public final class KeyService implements DisableKey {
    private final Keys keys;
    private final Clock clock;

    public KeyService(Keys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Key disable(Command command) {
        clock.now();
        Key disabled = keys.find(command.keyId()).disabled();
        keys.save(disabled);
        return disabled;
    }
}
