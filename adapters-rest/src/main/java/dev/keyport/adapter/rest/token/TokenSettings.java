package dev.keyport.adapter.rest.token;

import java.security.Provider;
import java.time.Duration;
import java.util.Objects;

/**
 * How long access tokens live (a refresh token lives as long as its session), the {@code audience} (the app
 * id) access tokens name in {@code aud}, and the JCA provider that signs and verifies the ES256 access tokens
 * ({@code signatureProvider}: the provider that parsed the keys, see ADR 0020; {@code null} lets the JDK
 * choose). The keys are elsewhere: access tokens are signed with the published ES256 keys, refresh and admin
 * tokens with the HMAC token key set. Provided by bootstrap.
 */
public record TokenSettings(Duration accessTokenLifetime, String audience, Provider signatureProvider) {

    /** Settings whose ES256 signatures are made by the provider the JDK chooses. */
    public TokenSettings(Duration accessTokenLifetime, String audience) {
        this(accessTokenLifetime, audience, null);
    }

    public TokenSettings {
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(audience, "audience");
        if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the access token lifetime must be positive");
        }
    }

    @Override
    public String toString() {
        return "TokenSettings[accessTokenLifetime=" + accessTokenLifetime + ", audience=" + audience
                + ", signatureProvider=" + (signatureProvider == null ? "JDK default" : signatureProvider.getName())
                + "]";
    }
}
