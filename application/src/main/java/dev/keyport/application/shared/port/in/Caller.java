package dev.keyport.application.shared.port.in;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who is asking: a live session, its user, and the API key it was opened with, if any.
 *
 * @param keyGeneration present for a key session, which is not stored (ADR 0008): the key's session
 *                      generation when the session was opened. Absent for a stored session (password,
 *                      anonymous, and key sessions opened before key sessions stopped being stored).
 */
public record Caller(
        SessionId sessionId,
        UserId userId,
        DeviceId deviceId,
        Optional<ApiKeyId> loggedInWith,
        OptionalLong keyGeneration) {
    public Caller {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(loggedInWith, "loggedInWith");
        Objects.requireNonNull(keyGeneration, "keyGeneration");
        if (keyGeneration.isPresent() && loggedInWith.isEmpty()) {
            throw new IllegalArgumentException("a key session names its key");
        }
    }

    /** The caller of a stored session. */
    public static Caller ofStoredSession(
            SessionId sessionId, UserId userId, DeviceId deviceId, Optional<ApiKeyId> loggedInWith) {
        return new Caller(sessionId, userId, deviceId, loggedInWith, OptionalLong.empty());
    }

    /** The caller of a key session, opened with {@code key} at that key's session {@code generation}. */
    public static Caller ofKeySession(
            SessionId sessionId, UserId userId, DeviceId deviceId, ApiKeyId key, long generation) {
        return new Caller(sessionId, userId, deviceId, Optional.of(key), OptionalLong.of(generation));
    }

    /** Whether this is a key session, which lives by its key's state rather than by a stored row. */
    public boolean isKeySession() {
        return keyGeneration.isPresent();
    }
}
