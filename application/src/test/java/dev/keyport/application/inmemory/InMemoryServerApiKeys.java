package dev.keyport.application.inmemory;

import dev.keyport.application.port.out.ServerApiKeys;
import dev.keyport.domain.apikey.ServerKeyRoster;

/** Server keys in memory: the keys whose owner is a server user. */
public final class InMemoryServerApiKeys implements ServerApiKeys {
    private final InMemoryDatabase db;

    public InMemoryServerApiKeys(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public ServerKeyRoster lockRoster() {
        db.requireTransaction();
        return roster();
    }

    @Override
    public ServerKeyRoster roster() {
        return db.locked(() -> ServerKeyRoster.reconstitute(db.keys.values().stream().filter(db::isServerKey).toList()));
    }

    @Override
    public void save(ServerKeyRoster roster) {
        InMemoryApiKeys.apply(db, roster.changes());
    }
}
