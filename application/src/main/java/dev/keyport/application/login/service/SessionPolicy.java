package dev.keyport.application.login.service;

import java.time.Duration;
import java.util.Objects;

/** How long a session (its refresh token) lives. */
public record SessionPolicy(Duration refreshTokenLifetime) {
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(60);

    public SessionPolicy {
        Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
        if (refreshTokenLifetime.isNegative() || refreshTokenLifetime.isZero()) {
            throw new IllegalArgumentException("refresh token lifetime must be positive");
        }
    }
}
