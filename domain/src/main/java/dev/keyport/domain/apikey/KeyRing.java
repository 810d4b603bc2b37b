package dev.keyport.domain.apikey;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.User;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate that guards a user's API keys: at most {@value #MAX_KEYS} keys, names unique in the
 * ring, and only owners who may hold keys. Load it locked, change it, save its {@link #changes()}:
 * the lock makes the check-then-add atomic, and the database backs both rules with constraints so
 * that a bug or a race still cannot break them.
 */
public final class KeyRing extends KeyAggregate {
    public static final int MAX_KEYS = 20;

    private final UserId ownerId;

    private KeyRing(UserId ownerId, HeldKeys keys) {
        super(keys);
        this.ownerId = ownerId;
    }

    /** Rebuilds a ring from stored keys, checking that they really are one owner's ring. */
    public static KeyRing reconstitute(UserId ownerId, List<ApiKey> storedKeys) {
        Objects.requireNonNull(ownerId, "ownerId");
        for (ApiKey key : storedKeys) {
            if (!key.ownerId().equals(ownerId)) {
                throw new IllegalArgumentException("key " + key.id() + " belongs to another owner");
            }
        }
        return new KeyRing(ownerId, new HeldKeys(storedKeys));
    }

    public UserId ownerId() {
        return ownerId;
    }

    /** Adds a new, enabled key (expiring when {@code expiresAt} is given); the owner must be allowed to hold keys. */
    public ApiKey add(
            User owner, ApiKeyId id, ApiKeyName name, SecretDigest digest, Instant now, Optional<Instant> expiresAt) {
        if (!owner.id().equals(ownerId)) {
            throw new IllegalArgumentException("the owner given is not this ring's owner");
        }
        owner.requireCanOwnUserKeys();
        requireRoomFor(name, MAX_KEYS);
        return keys.add(ApiKey.created(id, ownerId, name, digest, now, expiresAt));
    }

    /** Ends the sessions opened with any of the ring's keys (they stay enabled or disabled as they were). */
    public List<ApiKey> endAllSessions() {
        return keys.all().stream().map(key -> keys.endSessions(key.id())).toList();
    }
}
