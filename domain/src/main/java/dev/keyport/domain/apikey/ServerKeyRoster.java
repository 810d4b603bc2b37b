package dev.keyport.domain.apikey;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate that guards the app's server API keys: at most {@value #MAX_KEYS} of them, names
 * unique among server keys, and each one the only key of its own server user. Load it locked,
 * change it, save its {@link #changes()} (the same change records as a user's {@link KeyRing}).
 */
public final class ServerKeyRoster extends KeyAggregate {
    /** App Services allows at most 100 server API keys per app. */
    public static final int MAX_KEYS = 100;

    private ServerKeyRoster(HeldKeys keys) {
        super(keys);
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
    public ApiKey add(
            User serverUser,
            ApiKeyId id,
            ApiKeyName name,
            SecretDigest digest,
            Instant now,
            Optional<Instant> expiresAt) {
        Objects.requireNonNull(serverUser, "serverUser");
        if (serverUser.type() != UserType.SERVER) {
            throw new IllegalArgumentException("a server key belongs to a server user");
        }
        if (keys.all().stream().anyMatch(key -> key.ownerId().equals(serverUser.id()))) {
            throw new IllegalArgumentException("this server user already holds a key");
        }
        requireRoomFor(name, MAX_KEYS);
        return keys.add(ApiKey.created(id, serverUser.id(), name, digest, now, expiresAt));
    }
}
