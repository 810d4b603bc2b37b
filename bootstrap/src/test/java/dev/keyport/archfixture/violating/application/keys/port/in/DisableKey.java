package dev.keyport.archfixture.violating.application.keys.port.in;

import dev.keyport.archfixture.violating.domain.Key;

/** A driving port: a command in, a domain value out. */
public interface DisableKey {
    Key disable(Command command);

    record Command(String keyId) {}
}
