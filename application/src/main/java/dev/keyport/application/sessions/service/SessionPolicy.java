package dev.keyport.application.sessions.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a session (its refresh token) lives, and how many logged-out sessions of one key are remembered one
 * by one.
 *
 * @param maxEndedSessionsPerKey key sessions are not stored (ADR 0008), so a logout is remembered until the
 *                               session would have expired. One key may have at most this many remembered; the
 *                               logout that finds the bound reached ends every session of the key instead (its
 *                               session generation moves on) and the key starts again from none. So what any
 *                               number of logouts costs every instance's memory is bounded per key (issue 23).
 */
public record SessionPolicy(Duration refreshTokenLifetime, int maxEndedSessionsPerKey) {
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(60);
    public static final int DEFAULT_MAX_ENDED_SESSIONS_PER_KEY = 1_000;

    public SessionPolicy {
        Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
        if (refreshTokenLifetime.isNegative() || refreshTokenLifetime.isZero()) {
            throw new IllegalArgumentException("refresh token lifetime must be positive");
        }
        if (maxEndedSessionsPerKey < 1) {
            throw new IllegalArgumentException("at least one ended session per key must be remembered");
        }
    }

    public SessionPolicy(Duration refreshTokenLifetime) {
        this(refreshTokenLifetime, DEFAULT_MAX_ENDED_SESSIONS_PER_KEY);
    }
}
