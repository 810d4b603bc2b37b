package dev.keyport.application.sessions.port.out;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import java.time.Instant;

/**
 * Key sessions that were logged out before they expired. Key sessions are not stored (ADR 0008),
 * so ending one means recording that it ended, until it would have expired anyway. Each record names
 * the key the session was opened with, so that a key's records can be counted and bounded. A store may
 * answer {@link #hasEnded} from a view kept in step across instances: an end recorded here is seen
 * at once by this instance and within the revocation bound by every other.
 */
public interface EndedSessions {

    /** Records that the session opened with {@code key} ended; {@code false} if it had already ended. */
    boolean end(SessionId session, ApiKeyId key, Instant expiresAt);

    boolean hasEnded(ApiKeyId key, SessionId session);

    /** How many ended sessions of {@code key} are recorded since its last sweep (inside a transaction: as of it). */
    int countOf(ApiKeyId key);

    /**
     * Sweeps {@code key}'s ended sessions: for when all its sessions have ended anyway, because its session
     * generation moved on in the same transaction. They no longer count ({@link #countOf}), but still answer
     * {@link #hasEnded} until the key's next sweep (or their expiry), so that whoever read the key just before
     * this commit (another instance's view, within the revocation bound) does not take them as live; the records
     * swept the time before are forgotten. A key so holds at most two rounds of records.
     */
    void forgetAllOf(ApiKeyId key);

    /** Forgets up to {@code limit} records of sessions that would have expired before {@code now}. */
    int removeExpired(Instant now, int limit);
}
