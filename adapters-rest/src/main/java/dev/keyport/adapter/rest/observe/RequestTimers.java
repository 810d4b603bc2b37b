package dev.keyport.adapter.rest.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server timers, {@code http_server_requests_seconds{method, uri, status, exception}}: the meter and tags
 * Micronaut's web metrics binder records (docs/operations.md#metrics), recorded by Keyport instead (issue 25).
 * Micronaut's filter built the tags and looked the timer up in the registry on every answer (about 3 % of the
 * HTTP ceiling); here each timer is looked up once per series and kept.
 *
 * <p>Every tag comes from a fixed set, so no client can make new series: {@code method} is the method's name
 * for the standard methods and {@code CUSTOM} for any other; {@code uri} is the route template, or
 * {@code NOT_FOUND} for every 404, {@code REDIRECTION} for every 3xx, {@code UNMATCHED_URI} when no route answered (a
 * static file, a 405); {@code status} is the answer's code; {@code exception} is the simple name of the exception class the answer was
 * mapped from (a Keyport or Micronaut class), or {@code none}.
 * {@code MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM=true} adds the latency histograms, as it did with the binder
 * (its other settings, percentiles, SLOs, minimum and maximum, came with the binder's meter filter and are not read).
 */
final class RequestTimers {
    static final String NAME = "http.server.requests";

    private final MeterRegistry registry;
    private final boolean histogram;
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    private record Series(String method, String uri, int status, String exception) {}

    /** {@code histogram}: publish the latency histogram ({@code _bucket}) too. */
    RequestTimers(MeterRegistry registry, boolean histogram) {
        this.registry = registry;
        this.histogram = histogram;
    }

    /**
     * Records one answer that took {@code nanos}: {@code route} is the route template, or null when none answered;
     * {@code failure} is what the answer was mapped from, or null.
     */
    void record(String method, String route, int status, Object failure, long nanos) {
        Series series = new Series(
                method,
                uri(route, status),
                status,
                failure == null ? "none" : failure.getClass().getSimpleName());
        Timer timer = timers.get(series);
        if (timer == null) {
            timer = timers.computeIfAbsent(series, RequestTimers.this::register);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(Series series) {
        return Timer.builder(NAME)
                .tag("method", series.method())
                .tag("uri", series.uri())
                .tag("status", Integer.toString(series.status()))
                .tag("exception", series.exception())
                .publishPercentileHistogram(histogram)
                .register(registry);
    }

    /** The {@code uri} tag: the route template, or what kind of answer came without one. */
    static String uri(String route, int status) {
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status == 404) {
            return "NOT_FOUND"; // as Micronaut's binder: a routed 404 (no such key) too
        }
        return route != null ? route : "UNMATCHED_URI";
    }
}
