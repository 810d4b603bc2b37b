package dev.keyport.application.introspection.service;

import dev.keyport.domain.error.TooManyRequests;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * At most {@code maxRequests} requests per caller in each fixed window of {@code window}, counted in this
 * instance's memory (introspection is a hot path that must write nothing; with N instances a caller gets at
 * most N times the limit). Beyond, {@link TooManyRequests} says when the window ends. The callers are
 * authenticated server keys (at most 100 at a time), so the table stays small; windows that ended are
 * dropped when it grows.
 */
public final class CallerRateLimit {
    private static final int PRUNE_ABOVE = 1_000;

    private final Settings settings;
    private final LongSupplier nanoClock;
    private final Map<Object, Window> windows = new ConcurrentHashMap<>();

    public record Settings(boolean enabled, int maxRequests, Duration window) {
        public Settings {
            if (maxRequests < 1 || window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a rate limit needs at least one request and a positive window");
            }
        }
    }

    private record Window(long start, AtomicInteger count) {}

    public CallerRateLimit(Settings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    /** Counts one request of this caller, or refuses it with {@link TooManyRequests} when over the limit. */
    public void admit(Object caller) {
        if (!settings.enabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        long length = settings.window().toNanos();
        Window window = windows.compute(
                caller,
                (key, old) -> old == null || now - old.start() >= length ? new Window(now, new AtomicInteger()) : old);
        if (window.count().incrementAndGet() > settings.maxRequests()) {
            long remaining = window.start() + length - now;
            throw new TooManyRequests(Math.max(1, (remaining + 999_999_999L) / 1_000_000_000L));
        }
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(old -> now - old.start() >= length);
        }
    }
}
