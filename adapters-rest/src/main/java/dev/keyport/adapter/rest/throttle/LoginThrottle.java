package dev.keyport.adapter.rest.throttle;

import dev.keyport.adapter.rest.error.TooManyAttempts;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.WrongCredentials;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Slows down password and key guessing: after {@code keyport.login-throttle.max-failures} (default
 * 10) failed logins within {@code keyport.login-throttle.window} (default 1 min) from one client
 * address, or for one account (email address or admin name), further logins from that address or
 * for that account are refused with 429 and {@code Retry-After} until the window ends. Successful
 * logins are never counted, and other clients and accounts are unaffected.
 *
 * <p>The client address is the connection's remote address; behind a reverse proxy, set
 * {@code keyport.login-throttle.client-address-header} (e.g. {@code X-Forwarded-For}) to take the
 * first address of that header instead (only if the proxy overwrites it, or clients could forge it).
 * Counters live in this instance's memory: with N instances an attacker gets up to N times the limit.
 */
@Singleton
public final class LoginThrottle {
    private static final int MAX_TRACKED = 100_000;

    private final boolean enabled;
    private final int maxFailures;
    private final long windowNanos;
    private final String addressHeader;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startNanos, int failures) {
    }

    public LoginThrottle(@Value("${keyport.login-throttle.enabled:true}") boolean enabled,
                         @Value("${keyport.login-throttle.max-failures:10}") int maxFailures,
                         @Value("${keyport.login-throttle.window:1m}") Duration window,
                         @Nullable @Value("${keyport.login-throttle.client-address-header:}") String addressHeader) {
        this(enabled, maxFailures, window, addressHeader, System::nanoTime);
    }

    LoginThrottle(boolean enabled, int maxFailures, Duration window, String addressHeader, LongSupplier nanoClock) {
        this.enabled = enabled;
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.addressHeader = addressHeader == null || addressHeader.isBlank() ? null : addressHeader.strip();
        this.nanoClock = nanoClock;
    }

    /** The throttling keys of a login: the client address, and the account when there is one. */
    public List<String> keys(HttpRequest<?> request, @Nullable String account) {
        String address = clientAddress(request);
        return account == null ? List.of("address:" + address)
                : List.of("address:" + address, "account:" + account.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Runs a login unless one of its keys is blocked; counts it as failed if it is refused for wrong
     * credentials (a wrong password or a key that cannot log in). The refusal is rethrown unchanged.
     */
    public <T> T attempt(List<String> keys, Supplier<T> login) {
        if (!enabled) {
            return login.get();
        }
        long now = nanoClock.getAsLong();
        for (String key : keys) {
            Window window = windows.get(key);
            if (window != null && now - window.startNanos() < windowNanos && window.failures() >= maxFailures) {
                long remaining = windowNanos - (now - window.startNanos());
                throw new TooManyAttempts(Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L));
            }
        }
        try {
            return login.get();
        } catch (RuntimeException e) {
            if (e instanceof WrongCredentials || e instanceof ApiKeyLoginRefused) {
                keys.forEach(key -> recordFailure(key, nanoClock.getAsLong()));
            }
            throw e;
        }
    }

    private void recordFailure(String key, long now) {
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(entry -> now - entry.getValue().startNanos() >= windowNanos);
        }
        windows.compute(key, (k, window) -> window == null || now - window.startNanos() >= windowNanos
                ? new Window(now, 1)
                : new Window(window.startNanos(), window.failures() + 1));
    }

    private String clientAddress(HttpRequest<?> request) {
        if (addressHeader != null) {
            String forwarded = request.getHeaders().get(addressHeader);
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].strip();
            }
        }
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
