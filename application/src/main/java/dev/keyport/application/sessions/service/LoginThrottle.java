package dev.keyport.application.sessions.service;

import dev.keyport.application.sessions.port.in.ThrottledLogin;
import dev.keyport.application.sessions.port.out.LoginFailures;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.CustomTokenRefused;
import dev.keyport.domain.error.TooManyFailedLogins;
import dev.keyport.domain.error.WrongCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Slows down password and key guessing: after {@code maxFailures} failed logins within one window
 * for a throttling key (a client address, an account), further logins with that key are refused
 * with {@link TooManyFailedLogins} until the window ends. Successful logins are never counted.
 *
 * <p>Failures are counted in the shared {@link LoginFailures} store, so the limit holds across
 * instances. Checking a login costs no store access: each instance remembers the keys it has seen
 * reach the limit (when it recorded a failure) until their window ends. Another instance that has
 * not yet seen a key blocked therefore lets one more failure through, then blocks it too: with N
 * instances an attacker gets at most {@code maxFailures + N - 1} failures per window, not
 * {@code N × maxFailures}.
 */
public final class LoginThrottle implements ThrottledLogin {
    private static final int MAX_REMEMBERED = 100_000;

    private final Settings settings;
    private final LoginFailures failures;
    private final LongSupplier nanoClock;
    /** Keys this instance knows to be blocked, with the System.nanoTime at which their block ends. */
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

    public record Settings(boolean enabled, int maxFailures, Duration window) {
        public Settings {
            if (maxFailures < 1 || window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException(
                        "the login throttle needs at least one failure and a positive window");
            }
        }
    }

    public LoginThrottle(Settings settings, LoginFailures failures, LongSupplier nanoClock) {
        this.settings = settings;
        this.failures = failures;
        this.nanoClock = nanoClock;
    }

    @Override
    public <T> T attempt(List<String> keys, Supplier<T> login) {
        if (!settings.enabled()) {
            return login.get();
        }
        long now = nanoClock.getAsLong();
        for (String key : keys) {
            Long until = blockedUntil.get(key);
            if (until != null && now - until < 0) {
                throw new TooManyFailedLogins(Math.max(1, (until - now + 999_999_999L) / 1_000_000_000L));
            }
        }
        try {
            return login.get();
        } catch (WrongCredentials | ApiKeyLoginRefused | CustomTokenRefused refused) {
            recordFailure(keys);
            throw refused;
        }
    }

    private void recordFailure(List<String> keys) {
        long now = nanoClock.getAsLong();
        if (blockedUntil.size() > MAX_REMEMBERED) {
            blockedUntil.values().removeIf(until -> now - until >= 0);
        }
        for (LoginFailures.Tally tally : failures.record(keys, settings.window())) {
            if (tally.failures() >= settings.maxFailures()) {
                blockedUntil.put(tally.key(), now + tally.remaining().toNanos());
            }
        }
    }
}
