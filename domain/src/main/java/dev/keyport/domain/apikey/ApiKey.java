package dev.keyport.domain.apikey;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One API key as stored: never its value, only the value's digest. Changes go through the
 * {@link KeyRing} that holds the key, which is what keeps the ring's rules.
 */
public record ApiKey(
        ApiKeyId id,
        UserId ownerId,
        ApiKeyName name,
        SecretDigest digest,
        boolean disabled,
        Instant createdAt,
        Optional<Instant> lastUsedAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    public boolean canLogIn() {
        return !disabled;
    }

    ApiKey withDisabled(boolean newState) {
        return new ApiKey(id, ownerId, name, digest, newState, createdAt, lastUsedAt);
    }
}
