package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.webhooks.port.out.KeyExpiryNotices;
import dev.keyport.domain.apikey.ApiKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The announcements made of keys' expiries, in the in-memory database (rolled back with its transaction). */
final class InMemoryKeyExpiryNotices implements KeyExpiryNotices {
    private final InMemoryDatabase db;

    InMemoryKeyExpiryNotices(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public List<ApiKey> unannounced(Kind kind, Instant after, Instant until, int limit) {
        return db.locked(() -> db.keys.values().stream()
                .filter(key -> key.expiresAt()
                        .filter(at -> at.isAfter(after) && !at.isAfter(until))
                        .isPresent())
                .filter(key -> !db.expiryNotices.contains(key.id().value() + ":" + kind))
                .sorted(Comparator.comparing(key -> key.expiresAt().orElseThrow()))
                .limit(limit)
                .toList());
    }

    @Override
    public boolean claim(ApiKey key, Kind kind, Instant at) {
        db.requireTransaction();
        return db.keys.containsKey(key.id()) && db.expiryNotices.add(key.id().value() + ":" + kind);
    }
}
