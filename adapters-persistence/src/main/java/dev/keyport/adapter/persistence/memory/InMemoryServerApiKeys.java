package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.domain.apikey.KeyRingChange;
import dev.keyport.domain.apikey.ServerKeyRoster;
import dev.keyport.domain.error.DuplicateKeyName;

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
        return db.locked(() -> ServerKeyRoster.reconstitute(
                db.keys.values().stream().filter(db::isServerKey).toList()));
    }

    @Override
    public void save(ServerKeyRoster roster) {
        db.requireTransaction();
        for (KeyRingChange change : roster.changes()) {
            // Like the database's unique index: the roster's rule holds even for a roster loaded without the lock.
            if (change instanceof KeyRingChange.KeyAdded added
                    && db.keys.values().stream()
                            .anyMatch(key -> db.isServerKey(key)
                                    && key.name().equals(added.key().name()))) {
                throw new DuplicateKeyName(added.key().name().value());
            }
        }
        InMemoryApiKeys.apply(db, roster.changes());
    }
}
