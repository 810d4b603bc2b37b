package dev.keyport.adapter.rest.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The operators' view of every request: the request id and log ({@link RequestLog}), the HTTP timers
 * ({@link RequestTimers}) and the protocol's counters ({@link ProtocolCounters}). The edge's one filter
 * ({@code HttpEdgeFilter}) calls it first on the way in and last on the way out. Not a filter of its own because each
 * filter costs the framework's dispatch and path matching on the way in and out of every request (docs/performance.md,
 * issue 25, third stop, has what the operators' view costs the HTTP ceiling before and after). Answers that Keyport's
 * Netty-level guard ({@code HttpEdgeGuard}: 400, 413, 415, 501) gives before the framework sees the request do not
 * pass here.
 *
 * <p>{@code keyport.request-log.enabled=false} ({@code KEYPORT_REQUEST_LOG_ENABLED}) drops the request id (no
 * {@code X-Request-Id}, nothing in the MDC) and the log event; {@code micronaut.metrics.enabled=false} drops the
 * timers and counters; with both off there is no observer at all ({@link #from}). With Micronaut's own web metrics
 * binder turned back on ({@code MICRONAUT_METRICS_BINDERS_WEB_ENABLED=true}), it records the timers and this does
 * not, so that no request is counted twice.
 */
public final class RequestObserver {
    private final boolean requestLog;
    /** Null when metrics are off, or Micronaut's binder records the timers. */
    private final RequestTimers timers;
    /** Null when metrics are off. */
    private final ProtocolCounters counters;
    /** Each route's template as text, made once per route rather than per answer (2.6 % of the ceiling in a profile). */
    private final Map<UriMatchTemplate, String> templates = new ConcurrentHashMap<>();

    private RequestObserver(boolean requestLog, RequestTimers timers, ProtocolCounters counters) {
        this.requestLog = requestLog;
        this.timers = timers;
        this.counters = counters;
    }

    /**
     * The observer the settings ask for, or null when they ask for none (the request log and metrics both off). The
     * switches are read as Micronaut reads them (on unless the text is {@code false}), so that Keyport and Micronaut
     * never disagree on whether Micronaut's binder records the timers (a request counted twice). The registry is
     * asked for only when metrics are on.
     */
    public static @Nullable RequestObserver from(PropertyResolver settings, Supplier<MeterRegistry> registry) {
        boolean requestLog = on(settings, "keyport.request-log.enabled");
        boolean metrics = on(settings, "micronaut.metrics.enabled");
        if (!requestLog && !metrics) {
            return null;
        }
        if (!metrics) {
            return new RequestObserver(true, null, null);
        }
        MeterRegistry meters = registry.get();
        boolean histogram = settings.getProperty("micronaut.metrics.binders.web.server.histogram", Boolean.class)
                .orElse(false);
        return new RequestObserver(
                requestLog,
                on(settings, "micronaut.metrics.binders.web.enabled") ? null : new RequestTimers(meters, histogram),
                new ProtocolCounters(meters));
    }

    private static boolean on(PropertyResolver settings, String name) {
        return on(settings.getProperty(name, String.class).orElse("true"));
    }

    /** A switch is on unless it says {@code false}: Micronaut's {@code @Requires(notEquals = "false")}. */
    static boolean on(String setting) {
        return !"false".equals(setting);
    }

    /** On the way in, before anything else (so that the id is set before anything logs and the time is whole). */
    public void begin(HttpRequest<?> request, MutablePropagatedContext context) {
        context.add(new RequestIds.Observed(
                System.nanoTime(),
                requestLog ? RequestLog.idFor(request.getHeaders().get(RequestLog.HEADER)) : null));
    }

    /** On the way out, last: {@code answeredBy} is the route that answered, or null. */
    public void end(HttpRequest<?> request, MutableHttpResponse<?> response, @Nullable RouteMatch<?> answeredBy) {
        RequestIds.Observed observed = RequestIds.observed();
        long nanos = observed == null ? 0 : System.nanoTime() - observed.began();
        int status = response.code();
        String route = route(answeredBy);
        Object body = status >= 400 ? response.getBody().orElse(null) : null;
        if (requestLog) {
            String id = observed == null || observed.id() == null ? RequestLog.idFor(null) : observed.id();
            response.header(RequestLog.HEADER, id);
            RequestLog.answered(id, request.getMethodName(), route, status, body, nanos);
        }
        if (timers != null && observed != null) { // (never null: begin runs first)
            timers.record(
                    request.getMethod().name(),
                    route,
                    status,
                    response.getAttribute(HttpAttributes.EXCEPTION).orElse(null),
                    nanos);
        }
        if (counters != null) {
            counters.count(request.getPath(), status, body);
        }
    }

    /**
     * The template of the route that answered, or null (a static file, a refusal before routing, no such route). The
     * route comes as a parameter, which the framework has at hand, rather than from the request's attributes (a
     * lookup with type conversion, 1.2 % of the ceiling in a JFR profile).
     */
    private String route(@Nullable RouteMatch<?> answeredBy) {
        if (answeredBy instanceof UriRouteMatch<?, ?> match) {
            UriMatchTemplate template = match.getRouteInfo().getUriMatchTemplate();
            String path = templates.get(template);
            return path != null ? path : templates.computeIfAbsent(template, UriMatchTemplate::toPathString);
        }
        return null;
    }
}
