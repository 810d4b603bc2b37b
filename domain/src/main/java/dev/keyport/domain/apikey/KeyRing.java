package dev.keyport.domain.apikey;

import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate that guards a user's API keys: at most {@value #MAX_KEYS} keys, names unique in the
 * ring, and only owners who may hold keys. Load it locked, change it, save its {@link #changes()}:
 * the lock makes the check-then-add atomic, and the database backs both rules with constraints so
 * that a bug or a race still cannot break them.
 */
public final class KeyRing {
    public static final int MAX_KEYS = 20;

    private final UserId ownerId;
    private final Map<ApiKeyId, ApiKey> keys;
    private final List<KeyRingChange> changes = new ArrayList<>();

    private KeyRing(UserId ownerId, Map<ApiKeyId, ApiKey> keys) {
        this.ownerId = ownerId;
        this.keys = keys;
    }

    /** Rebuilds a ring from stored keys, checking that they really are one owner's ring. */
    public static KeyRing reconstitute(UserId ownerId, List<ApiKey> storedKeys) {
        Objects.requireNonNull(ownerId, "ownerId");
        Map<ApiKeyId, ApiKey> byId = new LinkedHashMap<>();
        for (ApiKey key : storedKeys) {
            if (!key.ownerId().equals(ownerId)) {
                throw new IllegalArgumentException("key " + key.id() + " belongs to another owner");
            }
            byId.put(key.id(), key);
        }
        return new KeyRing(ownerId, byId);
    }

    public UserId ownerId() {
        return ownerId;
    }

    /** Adds a new, enabled key; the owner must be allowed to hold keys. */
    public ApiKey add(User owner, ApiKeyId id, ApiKeyName name, SecretDigest digest, Instant now) {
        if (!owner.id().equals(ownerId)) {
            throw new IllegalArgumentException("the owner given is not this ring's owner");
        }
        owner.requireCanOwnUserKeys();
        if (keys.values().stream().anyMatch(key -> key.name().equals(name))) {
            throw new DuplicateKeyName(name.value());
        }
        if (keys.size() >= MAX_KEYS) {
            throw new KeyLimitReached(MAX_KEYS);
        }
        ApiKey key = new ApiKey(id, ownerId, name, digest, false, now, Optional.empty());
        keys.put(id, key);
        changes.add(new KeyRingChange.KeyAdded(key));
        return key;
    }

    public ApiKey key(ApiKeyId id) {
        ApiKey key = keys.get(id);
        if (key == null) {
            throw new ApiKeyNotFound();
        }
        return key;
    }

    public List<ApiKey> keys() {
        return List.copyOf(keys.values());
    }

    /** Enables a key; enabling an enabled key changes nothing. */
    public ApiKey enable(ApiKeyId id) {
        ApiKey key = key(id);
        if (!key.disabled()) {
            return key;
        }
        ApiKey enabled = key.withDisabled(false);
        keys.put(id, enabled);
        changes.add(new KeyRingChange.KeyEnabled(enabled));
        return enabled;
    }

    /** Disables a key; disabling a disabled key changes nothing. */
    public ApiKey disable(ApiKeyId id) {
        ApiKey key = key(id);
        if (key.disabled()) {
            return key;
        }
        ApiKey disabled = key.withDisabled(true);
        keys.put(id, disabled);
        changes.add(new KeyRingChange.KeyDisabled(disabled));
        return disabled;
    }

    public ApiKey remove(ApiKeyId id) {
        ApiKey removed = key(id);
        keys.remove(id);
        changes.add(new KeyRingChange.KeyRemoved(removed));
        return removed;
    }

    /** The changes made since the ring was loaded, in order. */
    public List<KeyRingChange> changes() {
        return Collections.unmodifiableList(changes);
    }
}
