package dev.keyport.adapter.rest.token;

import java.security.Provider;
import java.time.Duration;
import java.util.Objects;

/**
 * How Keyport's tokens are signed and how long access tokens live (a refresh token lives as long as
 * its session). {@code hmacKey} signs the tokens only Keyport reads (refresh and admin tokens); access
 * tokens are signed with the published ES256 keys and name {@code audience} (the app id) in {@code aud}.
 * {@code signatureProvider} is the JCA provider that signs and verifies the ES256 access tokens (the
 * provider that parsed the keys, see ADR 0015); {@code null} lets the JDK choose. Provided by bootstrap.
 */
public record TokenSettings(byte[] hmacKey, Duration accessTokenLifetime, String audience, Provider signatureProvider) {
    public static final int MIN_KEY_BYTES = 32;

    /** Settings whose ES256 signatures are made by the provider the JDK chooses. */
    public TokenSettings(byte[] hmacKey, Duration accessTokenLifetime, String audience) {
        this(hmacKey, accessTokenLifetime, audience, null);
    }

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
        return "TokenSettings[hmacKey=hidden, accessTokenLifetime=" + accessTokenLifetime + ", audience=" + audience
                + ", signatureProvider=" + (signatureProvider == null ? "JDK default" : signatureProvider.getName()) + "]";
    }
}
