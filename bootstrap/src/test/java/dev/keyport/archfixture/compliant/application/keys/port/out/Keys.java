package dev.keyport.archfixture.compliant.application.keys.port.out;

import dev.keyport.archfixture.compliant.domain.Key;

/** A driven port: speaks domain values only. */
public interface Keys {
    Key find(String id);

    void save(Key key);
}
