package dev.keyport.adapter.rest.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How Keyport's tokens are signed and how long access tokens live (a refresh token lives as long as
 * its session). {@code hmacKey} signs the tokens only Keyport reads (refresh and admin tokens); access
 * tokens are signed with the published ES256 keys and name {@code audience} (the app id) in {@code aud}.
 * Provided by bootstrap.
 */
public record TokenSettings(byte[] hmacKey, Duration accessTokenLifetime, String audience) {
    public static final int MIN_KEY_BYTES = 32;

    public TokenSettings {
        Objects.requireNonNull(hmacKey, "hmacKey");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(audience, "audience");
        if (hmacKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the signing key must have at least 256 bits");
        }
        if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the access token lifetime must be positive");
        }
        hmacKey = hmacKey.clone();
    }

    @Override
    public byte[] hmacKey() {
        return hmacKey.clone();
    }

    @Override
    public String toString() {
        return "TokenSettings[hmacKey=hidden, accessTokenLifetime=" + accessTokenLifetime + ", audience=" + audience + "]";
    }
}
