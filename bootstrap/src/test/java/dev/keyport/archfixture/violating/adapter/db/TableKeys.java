package dev.keyport.archfixture.violating.adapter.db;

import dev.keyport.archfixture.violating.application.keys.port.out.Keys;
import dev.keyport.archfixture.violating.domain.Key;
import java.util.HashMap;
import java.util.Map;

/** A driven adapter: implements the driven port. */
public final class TableKeys implements Keys {
    private final Map<String, Key> rows = new HashMap<>();

    @Override
    public Key find(String id) {
        return rows.get(id);
    }

    @Override
    public void save(Key key) {
        rows.put(key.id(), key);
    }
}
