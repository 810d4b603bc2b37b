package dev.keyport.domain.apikey;

import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate that guards the app's server API keys: at most {@value #MAX_KEYS} of them, names
 * unique among server keys, and each one the only key of its own server user. Load it locked,
 * change it, save its {@link #changes()} (the same change records as a user's {@link KeyRing}).
 */
public final class ServerKeyRoster {
    /** App Services allows at most 100 server API keys per app. */
    public static final int MAX_KEYS = 100;

    private final Map<ApiKeyId, ApiKey> keys;
    private final List<KeyRingChange> changes = new ArrayList<>();

    private ServerKeyRoster(Map<ApiKeyId, ApiKey> keys) {
        this.keys = keys;
    }

    /** Rebuilds the roster from the stored server keys. */
    public static ServerKeyRoster reconstitute(List<ApiKey> storedKeys) {
        Map<ApiKeyId, ApiKey> byId = new LinkedHashMap<>();
        for (ApiKey key : storedKeys) {
            if (byId.values().stream().anyMatch(other -> other.ownerId().equals(key.ownerId()))) {
                throw new IllegalArgumentException("server user " + key.ownerId() + " holds more than one key");
            }
            byId.put(key.id(), key);
        }
        return new ServerKeyRoster(byId);
    }

    /**
     * Adds the key of a new server user. The user must be a server user created for this key: its
     * API-key identity names the key.
     */
    public ApiKey add(User serverUser, ApiKeyId id, ApiKeyName name, SecretDigest digest, Instant now) {
        Objects.requireNonNull(serverUser, "serverUser");
        if (serverUser.type() != UserType.SERVER) {
            throw new IllegalArgumentException("a server key belongs to a server user");
        }
        if (keys.values().stream().anyMatch(key -> key.ownerId().equals(serverUser.id()))) {
            throw new IllegalArgumentException("this server user already holds a key");
        }
        if (keys.values().stream().anyMatch(key -> key.name().equals(name))) {
            throw new DuplicateKeyName(name.value());
        }
        if (keys.size() >= MAX_KEYS) {
            throw new KeyLimitReached(MAX_KEYS);
        }
        ApiKey key = new ApiKey(id, serverUser.id(), name, digest, false, now, Optional.empty());
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
        return setDisabled(id, false);
    }

    /** Disables a key; disabling a disabled key changes nothing. */
    public ApiKey disable(ApiKeyId id) {
        return setDisabled(id, true);
    }

    /** Removes a key; its server user is left without a key and goes with it. */
    public ApiKey remove(ApiKeyId id) {
        ApiKey removed = key(id);
        keys.remove(id);
        changes.add(new KeyRingChange.KeyRemoved(removed));
        return removed;
    }

    private ApiKey setDisabled(ApiKeyId id, boolean disabled) {
        ApiKey key = key(id);
        if (key.disabled() == disabled) {
            return key;
        }
        ApiKey changed = key.withDisabled(disabled);
        keys.put(id, changed);
        changes.add(disabled ? new KeyRingChange.KeyDisabled(changed) : new KeyRingChange.KeyEnabled(changed));
        return changed;
    }

    /** The changes made since the roster was loaded, in order. */
    public List<KeyRingChange> changes() {
        return Collections.unmodifiableList(changes);
    }
}
