package dev.keyport.adapter.rest.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How long access tokens live (a refresh token lives as long as its session), and the {@code audience}
 * (the app id) access tokens name in {@code aud}. The keys are elsewhere: access tokens are signed with
 * the published ES256 keys, refresh and admin tokens with the HMAC token key set. Provided by bootstrap.
 */
public record TokenSettings(Duration accessTokenLifetime, String audience) {

    public TokenSettings {
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        Objects.requireNonNull(audience, "audience");
        if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the access token lifetime must be positive");
        }
    }
}
