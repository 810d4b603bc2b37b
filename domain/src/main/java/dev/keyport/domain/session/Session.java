package dev.keyport.domain.session;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A login: one refresh token (stored as its digest), the device it was opened from and, when it was
 * opened with an API key, that key. Revoking a session deletes it; its refresh token then stops working.
 */
public record Session(
        SessionId id,
        UserId userId,
        DeviceId deviceId,
        SecretDigest refreshTokenDigest,
        Optional<ApiKeyId> apiKeyId,
        Instant createdAt,
        Instant expiresAt) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(refreshTokenDigest, "refreshTokenDigest");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a session expires after it is created");
        }
    }

    public static Session open(
            SessionId id,
            UserId userId,
            DeviceId deviceId,
            SecretDigest refreshTokenDigest,
            Optional<ApiKeyId> apiKeyId,
            Instant now,
            Duration lifetime) {
        return new Session(id, userId, deviceId, refreshTokenDigest, apiKeyId, now, now.plus(lifetime));
    }

    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public boolean wasOpenedWith(ApiKeyId key) {
        return apiKeyId.filter(key::equals).isPresent();
    }
}
