package dev.keyport.archfixture.compliant.application.keys.port.in;

import dev.keyport.archfixture.compliant.domain.Key;

/** A driving port: a command in, a domain value out. */
public interface DisableKey {
    Key disable(Command command);

    record Command(String keyId) {}
}
