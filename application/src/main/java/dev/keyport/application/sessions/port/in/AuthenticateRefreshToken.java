package dev.keyport.application.sessions.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.error.InvalidSession;

/** Finds the live session a refresh token belongs to: the first step of every refresh-token route. */
public interface AuthenticateRefreshToken {
    /** @throws InvalidSession when the session is unknown, revoked, ended or expired */
    Caller authenticate(RefreshCredential credential);
}
