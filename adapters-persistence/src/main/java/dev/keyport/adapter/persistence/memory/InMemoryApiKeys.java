package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.userkeys.port.out.ApiKeyUsage;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.KeyRingChange;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Keys in memory; records usage synchronously (nothing to batch here). */
public final class InMemoryApiKeys implements ApiKeys, ApiKeyUsage {
    private final InMemoryDatabase db;

    public InMemoryApiKeys(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public KeyRing lockRing(UserId owner) {
        db.requireTransaction();
        if (!db.users.containsKey(owner)) {
            throw new UserNotFound();
        }
        return ring(owner);
    }

    @Override
    public KeyRing ring(UserId owner) {
        return db.locked(() -> KeyRing.reconstitute(
                owner,
                db.keys.values().stream()
                        .filter(key -> key.ownerId().equals(owner) && !db.isServerKey(key))
                        .toList()));
    }

    @Override
    public void save(KeyRing ring) {
        apply(db, ring.changes());
    }

    /** Applies key changes, for user key rings and the server key roster alike. */
    static void apply(InMemoryDatabase db, List<KeyRingChange> changes) {
        db.requireTransaction();
        for (KeyRingChange change : changes) {
            switch (change) {
                case KeyRingChange.KeyAdded added -> db.keys.put(added.key().id(), added.key());
                case KeyRingChange.KeyEnabled enabled ->
                    db.keys.put(enabled.key().id(), enabled.key());
                case KeyRingChange.KeyDisabled disabled ->
                    db.keys.put(disabled.key().id(), disabled.key());
                case KeyRingChange.KeySessionsEnded ended ->
                    db.keys.put(ended.key().id(), ended.key());
                case KeyRingChange.KeyValueChanged changed ->
                    db.keys.put(changed.key().id(), changed.key());
                case KeyRingChange.KeyRemoved removed -> {
                    db.keys.remove(removed.key().id());
                    db.sessions
                            .values()
                            .removeIf(session ->
                                    session.wasOpenedWith(removed.key().id()));
                }
            }
        }
    }

    @Override
    public Optional<ApiKey> findByDigest(SecretDigest digest) {
        return db.locked(() -> db.keys.values().stream()
                .filter(key -> key.digests().contains(digest))
                .filter(key -> !db.disabledUsers.contains(key.ownerId()))
                .findFirst());
    }

    @Override
    public Optional<ApiKey> find(ApiKeyId id) {
        // a disabled owner's keys are not found (issue 24), as in the PostgreSQL store
        return db.locked(
                () -> Optional.ofNullable(db.keys.get(id)).filter(key -> !db.disabledUsers.contains(key.ownerId())));
    }

    @Override
    public Optional<ApiKey> findCurrent(ApiKeyId id) {
        return find(id); // no view here: always current
    }

    @Override
    public void recordUse(ApiKeyId keyId, Instant at) {
        db.locked(() -> db.keys.computeIfPresent(
                keyId,
                (id, key) -> key.lastUsedAt().filter(last -> !last.isBefore(at)).isPresent()
                        ? key // the last use only moves forward, as in SQL's GREATEST
                        : new ApiKey(
                                key.id(),
                                key.ownerId(),
                                key.name(),
                                key.digest(),
                                key.disabled(),
                                key.createdAt(),
                                Optional.of(at),
                                key.sessionGeneration(),
                                key.expiresAt(),
                                key.previousValue())));
    }
}
