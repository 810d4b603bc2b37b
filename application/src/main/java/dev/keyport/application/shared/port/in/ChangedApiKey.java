package dev.keyport.application.shared.port.in;

import dev.keyport.domain.apikey.ApiKey;
import java.util.Objects;

/**
 * The result of enabling, disabling or deleting a key, user key or server key alike: the key as the
 * change left it (as it was, for a deletion) and how many stored sessions opened with it the change
 * ended (always 0 for an enable). Key sessions that are not stored end through the key's generation.
 */
public record ChangedApiKey(ApiKey key, int endedSessions) {
    public ChangedApiKey {
        Objects.requireNonNull(key, "key");
        if (endedSessions < 0) {
            throw new IllegalArgumentException("endedSessions < 0");
        }
    }
}
