package dev.keyport.archfixture.violating.application.shared.port.out;

import dev.keyport.archfixture.violating.application.keys.port.out.Keys;

/** Breaks "the shared ports know no feature". */
public interface KeyAwareClock {
    long now(Keys keys);
}
