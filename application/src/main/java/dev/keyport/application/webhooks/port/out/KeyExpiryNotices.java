package dev.keyport.application.webhooks.port.out;

import dev.keyport.domain.apikey.ApiKey;
import java.time.Instant;
import java.util.List;

/**
 * Which keys have been announced as expiring soon, or as expired: each key is announced once per kind, whichever
 * instance scans first.
 */
public interface KeyExpiryNotices {
    enum Kind {
        EXPIRING,
        EXPIRED
    }

    /** Keys expiring after {@code after} and at or before {@code until}, not yet announced as {@code kind}, soonest first. */
    List<ApiKey> unannounced(Kind kind, Instant after, Instant until, int limit);

    /** Claims the announcement inside the caller's transaction; false when another instance already made it. */
    boolean claim(ApiKey key, Kind kind, Instant at);
}
