package dev.keyport.domain.apikey;

import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Objects;

/**
 * The aggregate that guards the app's server API keys: at most {@value #MAX_KEYS} of them, names
 * unique among server keys, and each one the only key of its own server user. Load it locked,
 * change it, save its {@link #changes()} (the same change records as a user's {@link KeyRing}).
 */
public final class ServerKeyRoster {
    /** App Services allows at most 100 server API keys per app. */
    public static final int MAX_KEYS = 100;

    private final HeldKeys keys;

    private ServerKeyRoster(HeldKeys keys) {
        this.keys = keys;
    }

    /** Rebuilds the roster from the stored server keys. */
    public static ServerKeyRoster reconstitute(List<ApiKey> storedKeys) {
        if (storedKeys.stream().map(ApiKey::ownerId).distinct().count() != storedKeys.size()) {
            throw new IllegalArgumentException("a server user holds more than one key");
        }
        return new ServerKeyRoster(new HeldKeys(storedKeys));
    }

    /**
     * Adds the key of a new server user. The user must be a server user created for this key: its
     * API-key identity names the key.
     */
    public ApiKey add(User serverUser, ApiKeyId id, ApiKeyName name, SecretDigest digest, Instant now,
                      Optional<Instant> expiresAt) {
        Objects.requireNonNull(serverUser, "serverUser");
        if (serverUser.type() != UserType.SERVER) {
            throw new IllegalArgumentException("a server key belongs to a server user");
        }
        if (keys.all().stream().anyMatch(key -> key.ownerId().equals(serverUser.id()))) {
            throw new IllegalArgumentException("this server user already holds a key");
        }
        if (keys.hasName(name)) {
            throw new DuplicateKeyName(name.value());
        }
        if (keys.size() >= MAX_KEYS) {
            throw new KeyLimitReached(MAX_KEYS);
        }
        return keys.add(ApiKey.created(id, serverUser.id(), name, digest, now, expiresAt));
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

    /** Ends the sessions opened with a server key (its server user's sessions); the key stays as it is. */
    public ApiKey endSessions(ApiKeyId id) {
        return keys.endSessions(id);
    }

    /** Removes a key; its server user is left without a key and goes with it. */
    public ApiKey remove(ApiKeyId id) {
        return keys.remove(id);
    }

    /** The changes made since the roster was loaded, in order. */
    public List<KeyRingChange> changes() {
        return keys.changes();
    }
}
