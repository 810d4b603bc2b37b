package dev.keyport.application.userkeys.port.out;

import dev.keyport.domain.id.ApiKeyId;
import java.time.Instant;

/**
 * Records that a key was used to log in ({@code last_used_at}). Implementations may write
 * asynchronously and in batches, so that logging in does not wait for this write; each documents
 * how stale the recorded time may be. The recorded time only moves forward: a report of a use
 * older than the one recorded changes nothing.
 */
public interface ApiKeyUsage {
    void recordUse(ApiKeyId key, Instant at);
}
