package dev.keyport.adapter.rest.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How Keyport's tokens are signed and how long access tokens live (a refresh token lives as long as
 * its session). Provided by bootstrap: the key comes from configuration, or is generated on first
 * start and kept in the database.
 */
public record TokenSettings(byte[] signingKey, Duration accessTokenLifetime) {
    public static final int MIN_KEY_BYTES = 32;

    public TokenSettings {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        if (signingKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the signing key must have at least 256 bits");
        }
        if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the access token lifetime must be positive");
        }
        signingKey = signingKey.clone();
    }

    @Override
    public String toString() {
        return "TokenSettings[signingKey=hidden, accessTokenLifetime=" + accessTokenLifetime + "]";
    }
}
