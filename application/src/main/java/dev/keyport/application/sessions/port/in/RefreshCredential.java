package dev.keyport.application.sessions.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.secret.RefreshToken;
import java.time.Instant;
import java.util.Objects;

/**
 * What a refresh token stands for, once the adapter that read it has checked its signature. The
 * use cases decide whether the session behind it is still alive.
 */
public sealed interface RefreshCredential {

    /**
     * A stored session (password and anonymous logins): the session's secret, which the store knows
     * only by its digest. Also what key sessions opened before ADR 0008 still present.
     */
    record StoredSession(RefreshToken secret) implements RefreshCredential {
        public StoredSession {
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * A key session, which is not stored: the signed token vouches for who opened it, with which key
     * and at which session generation; the key's current state and the ended-session records decide
     * whether it still lives.
     */
    record KeySession(Caller caller, Instant expiresAt) implements RefreshCredential {
        public KeySession {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (!caller.isKeySession()) {
                throw new IllegalArgumentException("not a key session");
            }
        }
    }
}
