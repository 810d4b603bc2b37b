package dev.keyport.application.shared.port.in;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.secret.ApiKeySecret;
import java.util.Objects;

/**
 * A key just created, user key or server key alike: the key (its owner is {@code key.ownerId()}, for a
 * server key the server user made with it) and its value, which is shown this once and never stored.
 */
public record CreatedApiKey(ApiKey key, ApiKeySecret secret) {
    public CreatedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }
}
