package dev.keyport.domain.apikey;

import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.User;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Objects;

/**
 * The aggregate that guards a user's API keys: at most {@value #MAX_KEYS} keys, names unique in the
 * ring, and only owners who may hold keys. Load it locked, change it, save its {@link #changes()}:
 * the lock makes the check-then-add atomic, and the database backs both rules with constraints so
 * that a bug or a race still cannot break them.
 */
public final class KeyRing {
    public static final int MAX_KEYS = 20;

    private final UserId ownerId;
    private final HeldKeys keys;

    private KeyRing(UserId ownerId, HeldKeys keys) {
        this.ownerId = ownerId;
        this.keys = keys;
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
    public ApiKey add(User owner, ApiKeyId id, ApiKeyName name, SecretDigest digest, Instant now, Optional<Instant> expiresAt) {
        if (!owner.id().equals(ownerId)) {
            throw new IllegalArgumentException("the owner given is not this ring's owner");
        }
        owner.requireCanOwnUserKeys();
        if (keys.hasName(name)) {
            throw new DuplicateKeyName(name.value());
        }
        if (keys.size() >= MAX_KEYS) {
            throw new KeyLimitReached(MAX_KEYS);
        }
        return keys.add(ApiKey.created(id, ownerId, name, digest, now, expiresAt));
    }

    /**
     * Gives a key a new value (its digest {@code newDigest}); the old value stays accepted until
     * {@code graceUntil}, if given. Same id, name, state, expiry and sessions.
     */
    public ApiKey roll(ApiKeyId id, SecretDigest newDigest, Optional<Instant> graceUntil) {
        return keys.roll(id, newDigest, graceUntil);
    }

    /** Ends a rolled key's grace period now: its previous value stops working. */
    public ApiKey endGrace(ApiKeyId id) {
        return keys.endGrace(id);
    }

    public ApiKey key(ApiKeyId id) {
        return keys.key(id);
    }

    public List<ApiKey> keys() {
        return keys.all();
    }

    /** Enables a key; enabling an enabled key changes nothing. */
    public ApiKey enable(ApiKeyId id) {
        return keys.setDisabled(id, false);
    }

    /** Disables a key; disabling a disabled key changes nothing. */
    public ApiKey disable(ApiKeyId id) {
        return keys.setDisabled(id, true);
    }

    public ApiKey remove(ApiKeyId id) {
        return keys.remove(id);
    }

    /** Ends the sessions opened with any of the ring's keys (they stay enabled or disabled as they were). */
    /** Ends every session opened with the key so far; the key stays as it is otherwise. */
    public ApiKey endSessions(ApiKeyId id) {
        return keys.endSessions(id);
    }

    public List<ApiKey> endAllSessions() {
        return keys.all().stream().map(key -> keys.endSessions(key.id())).toList();
    }

    /** The changes made since the ring was loaded, in order. */
    public List<KeyRingChange> changes() {
        return keys.changes();
    }
}
