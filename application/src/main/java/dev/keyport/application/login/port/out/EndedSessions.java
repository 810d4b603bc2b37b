package dev.keyport.application.login.port.out;

import dev.keyport.domain.id.SessionId;
import java.time.Instant;

/**
 * Key sessions that were logged out before they expired. Key sessions are not stored (ADR 0008),
 * so ending one means recording that it ended, until it would have expired anyway. A store may
 * answer {@link #hasEnded} from a view kept in step across instances: an end recorded here is seen
 * at once by this instance and within the revocation bound by every other.
 */
public interface EndedSessions {

    /** Records that the session ended; {@code false} if it had already ended. */
    boolean end(SessionId session, Instant expiresAt);

    boolean hasEnded(SessionId session);

    /** Forgets up to {@code limit} records of sessions that would have expired before {@code now}. */
    int removeExpired(Instant now, int limit);
}
