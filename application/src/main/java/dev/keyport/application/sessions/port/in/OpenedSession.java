package dev.keyport.application.sessions.port.in;

import dev.keyport.application.shared.port.in.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of every login: the new session, what its refresh token must carry (a stored
 * session's secret, which exists only here in clear, or a key session's own claims) and the moment
 * the session, and so the refresh token, expires.
 */
public record OpenedSession(Caller session, RefreshCredential credential, Instant expiresAt) {
    public OpenedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
