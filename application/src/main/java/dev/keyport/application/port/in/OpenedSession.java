package dev.keyport.application.port.in;

import dev.keyport.domain.secret.RefreshToken;
import java.util.Objects;

/** The result of every login: the new session and its refresh token, which exists only here, in clear. */
public record OpenedSession(Caller session, RefreshToken refreshToken) {
    public OpenedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }
}
