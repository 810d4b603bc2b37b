package dev.keyport.archfixture.violating.application.keys.port.out;

import dev.keyport.archfixture.violating.domain.Key;

/** A driven port: speaks domain values only. */
public interface Keys {
    Key find(String id);

    void save(Key key);
}
