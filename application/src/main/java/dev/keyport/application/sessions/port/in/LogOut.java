package dev.keyport.application.sessions.port.in;

import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.SessionId;

/** Ends the session of a refresh token; the token stops working at once. */
public interface LogOut {
    /** @throws InvalidSession when the token names no live session (already logged out, or never valid) */
    LoggedOut logOut(RefreshCredential credential);

    record LoggedOut(SessionId sessionId) {}
}
