package dev.keyport.application.port.in;

import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.secret.RefreshToken;

/** Ends the session of a refresh token; the token stops working at once. */
public interface LogOut {
    /** @throws InvalidSession when the token names no session (already logged out, or never valid) */
    LoggedOut logOut(RefreshToken refreshToken);

    record LoggedOut(SessionId sessionId) {
    }
}
