package dev.keyport.domain.apikey;

import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * The value a key had before it was rolled: still accepted for logins until {@code validUntil}, then never.
 *
 * @param sessionGeneration the session generation of the sessions opened with this value (before the roll,
 *                          and during the grace period). The key's own value has another generation, so a
 *                          session always belongs to one value, and ends when that value stops being accepted:
 *                          at the end of the grace, or at once for a roll without grace.
 */
public record PreviousValue(SecretDigest digest, Instant validUntil, long sessionGeneration) {
    public PreviousValue {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(validUntil, "validUntil");
        if (sessionGeneration < 0) {
            throw new IllegalArgumentException("a session generation is never negative");
        }
    }

    public boolean acceptedAt(Instant now) {
        return now.isBefore(validUntil);
    }

    /** Whether a session opened with this value at {@code generation} may still live at {@code now}. */
    boolean admitsSessionsOf(long generation, Instant now) {
        return sessionGeneration == generation && acceptedAt(now);
    }
}
