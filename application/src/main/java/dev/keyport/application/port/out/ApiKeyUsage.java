package dev.keyport.application.port.out;

import dev.keyport.domain.id.ApiKeyId;
import java.time.Instant;

/**
 * Records that a key was used to log in ({@code last_used_at}). Implementations may write
 * asynchronously and in batches, so that logging in does not wait for this write; each documents
 * how stale the recorded time may be.
 */
public interface ApiKeyUsage {
    void recordUse(ApiKeyId key, Instant at);
}
