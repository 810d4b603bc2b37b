package dev.keyport.application.port.in;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import java.util.Objects;
import java.util.Optional;

/** Who is asking: a live session, its user, and the API key it was opened with, if any. */
public record Caller(SessionId sessionId, UserId userId, DeviceId deviceId, Optional<ApiKeyId> loggedInWith) {
    public Caller {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(loggedInWith, "loggedInWith");
    }
}
