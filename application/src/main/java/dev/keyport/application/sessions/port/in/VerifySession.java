package dev.keyport.application.sessions.port.in;

import dev.keyport.application.shared.port.in.Caller;

/**
 * Whether the session an access token names is still alive: a stored session still exists (and is the caller's),
 * a key session's key still admits it and no logout ended it. An access token is valid until it expires; a route
 * that changes the account (delete it, link credentials to it) asks this first (issue 24).
 */
public interface VerifySession {

    /** @throws dev.keyport.domain.error.InvalidSession when the session has ended */
    void requireLive(Caller caller);
}
