package dev.keyport.adapter.rest.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How access tokens are signed and how long they live. Provided by bootstrap: the key comes from
 * configuration, or is generated on first start and kept in the database.
 */
public record AccessTokenSettings(byte[] signingKey, Duration lifetime) {
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);
    public static final int MIN_KEY_BYTES = 32;

    public AccessTokenSettings {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(lifetime, "lifetime");
        if (signingKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the signing key must have at least 256 bits");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("the access token lifetime must be positive");
        }
        signingKey = signingKey.clone();
    }

    @Override
    public String toString() {
        return "AccessTokenSettings[signingKey=hidden, lifetime=" + lifetime + "]";
    }
}
