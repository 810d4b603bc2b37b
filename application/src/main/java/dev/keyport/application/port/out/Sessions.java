package dev.keyport.application.port.out;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.session.Session;
import java.time.Instant;
import java.util.Optional;

/** Where sessions are kept. A session that is not here does not exist: revoking is removing. */
public interface Sessions {

    /** Stores a session opened with a password or anonymously. */
    void add(Session session);

    /**
     * Stores a session opened with an API key, but only if that key still exists and is enabled
     * at the moment of writing. This closes the race with a concurrent disable or delete: either
     * the session is written first and is then revoked with the key, or it is not written at all.
     *
     * @return {@code true} if the session was stored, {@code false} if the key was gone or disabled
     */
    boolean addForEnabledKey(Session session);

    Optional<Session> find(SessionId id);

    Optional<Session> findByRefreshToken(SecretDigest refreshTokenDigest);

    /** @return {@code true} if the session existed */
    boolean remove(SessionId id);

    /** Revokes every session opened with the key; returns how many there were. */
    int removeAllOpenedWith(ApiKeyId key);

    /** Removes up to {@code limit} sessions that expired before {@code now}; returns how many it removed. */
    int removeExpired(Instant now, int limit);
}
