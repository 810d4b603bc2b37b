package dev.keyport.application.shared.port.out;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.session.Session;
import java.time.Instant;
import java.util.Optional;

/**
 * Where stored sessions are kept: those opened with a password or anonymously (key sessions are not
 * stored, ADR 0008, except those opened before that change). A stored session that is not here does
 * not exist: revoking is removing.
 */
public interface Sessions {

    /**
     * Stores a session opened with a password or anonymously.
     *
     * @throws dev.keyport.domain.error.UserDisabled when the user is disabled, decided atomically with
     *         {@link Users#setDisabled}: a login that checked just before a disable commits leaves no session behind
     * @throws dev.keyport.domain.error.InvalidSession when the user no longer exists
     */
    void add(Session session);

    Optional<Session> find(SessionId id);

    Optional<Session> findByRefreshToken(SecretDigest refreshTokenDigest);

    /** @return {@code true} if the session existed */
    boolean remove(SessionId id);

    /** Revokes every stored session of the user; returns how many there were. */
    int removeAllOf(UserId user);

    /** Revokes every stored session opened with the key; returns how many there were. */
    int removeAllOpenedWith(ApiKeyId key);

    /** Removes up to {@code limit} sessions that expired before {@code now}; returns how many it removed. */
    int removeExpired(Instant now, int limit);
}
