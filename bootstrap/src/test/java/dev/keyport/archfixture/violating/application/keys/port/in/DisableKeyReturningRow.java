package dev.keyport.archfixture.violating.application.keys.port.in;

import dev.keyport.archfixture.violating.application.keys.port.out.Keys;

/** Breaks "port.in knows no port.out": a driving port that hands out a driven port. */
public interface DisableKeyReturningRow {
    Keys disableAndGiveMeTheStore(String keyId);
}
