package dev.keyport.application.port.in;

import dev.keyport.domain.secret.RefreshToken;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of every login: the new session, its refresh token (which exists only here, in clear)
 * and the moment the session, and so the refresh token, expires.
 */
public record OpenedSession(Caller session, RefreshToken refreshToken, Instant expiresAt) {
    public OpenedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
