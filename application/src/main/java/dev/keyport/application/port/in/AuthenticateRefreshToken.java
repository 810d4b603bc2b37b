package dev.keyport.application.port.in;

import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.secret.RefreshToken;

/** Finds the live session a refresh token belongs to: the first step of every refresh-token route. */
public interface AuthenticateRefreshToken {
    /** @throws InvalidSession when the token is unknown, revoked or expired */
    Caller authenticate(RefreshToken refreshToken);
}
