package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.signingkeys.port.out.StoredTokenKey;
import dev.keyport.application.signingkeys.port.out.TokenKeySet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The HMAC token keys held by this process; the in-memory transactions are serialised, so the lock is theirs. */
final class InMemoryTokenKeySet implements TokenKeySet {
    private final InMemoryDatabase db;
    private final Map<String, StoredTokenKey> keys = new ConcurrentHashMap<>();

    InMemoryTokenKeySet(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public List<StoredTokenKey> all() {
        return List.copyOf(keys.values());
    }

    @Override
    public void lock() {
        db.requireTransaction();
    }

    @Override
    public void add(StoredTokenKey key) {
        if (keys.putIfAbsent(key.kid(), key) != null) {
            throw new IllegalStateException("a token key with this kid exists");
        }
    }

    @Override
    public void verifyOnlyUntil(String kid, Instant until) {
        keys.computeIfPresent(
                kid,
                (unused, key) -> new StoredTokenKey(
                        key.kid(),
                        key.sealedKey(),
                        key.createdAt(),
                        key.signsFrom(),
                        Optional.of(until),
                        key.legacy()));
    }

    @Override
    public void remove(String kid) {
        keys.remove(kid);
    }
}
