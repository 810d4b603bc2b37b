package dev.keyport.adapter.rest.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operators' view of every request, in one filter, first in and last out: the request id and log
 * ({@link RequestLog}), the HTTP timers ({@link RequestTimers}) and the protocol's counters
 * ({@link ProtocolCounters}). One filter rather than three (and Micronaut's metrics filter) because each filter
 * costs the framework's dispatch on the way in and out of every request (docs/performance.md, issue 25, third
 * stop, has what the operators' view costs the HTTP ceiling before and after). Answers that Keyport's Netty-level
 * guard ({@code HttpEdgeGuard}: 400, 413, 415, 501) gives before the framework sees the request do not pass here.
 *
 * <p>{@code keyport.request-log.enabled=false} ({@code KEYPORT_REQUEST_LOG_ENABLED}) drops the request id (no
 * {@code X-Request-Id}, nothing in the MDC) and the log event; {@code micronaut.metrics.enabled=false} drops the
 * timers and counters; with both off there is no filter at all. With Micronaut's own web metrics binder turned
 * back on ({@code MICRONAUT_METRICS_BINDERS_WEB_ENABLED=true}), it records the timers and this filter does not,
 * so that no request is counted twice.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(condition = RequestObserver.Wanted.class)
final class RequestObserver implements Ordered {
    private final boolean requestLog;
    /** Null when metrics are off, or Micronaut's binder records the timers. */
    private final RequestTimers timers;
    /** Null when metrics are off. */
    private final ProtocolCounters counters;
    /** Each route's template as text, made once per route rather than per answer (2.6 % of the ceiling in a profile). */
    private final Map<UriMatchTemplate, String> templates = new ConcurrentHashMap<>();

    /**
     * The switches are read as Micronaut reads them (on unless the text is {@code false}), so that Keyport and
     * Micronaut never disagree on whether Micronaut's binder records the timers (a request counted twice).
     */
    RequestObserver(
            MeterRegistry registry,
            @Value("${keyport.request-log.enabled:true}") String requestLog,
            @Value("${micronaut.metrics.enabled:true}") String metrics,
            @Value("${micronaut.metrics.binders.web.enabled:true}") String micronautTimesRequests,
            @Value("${micronaut.metrics.binders.web.server.histogram:false}") boolean histogram) {
        this.requestLog = on(requestLog);
        this.timers = on(metrics) && !on(micronautTimesRequests) ? new RequestTimers(registry, histogram) : null;
        this.counters = on(metrics) ? new ProtocolCounters(registry) : null;
    }

    /** A switch is on unless it says {@code false}: Micronaut's {@code @Requires(notEquals = "false")}. */
    static boolean on(String setting) {
        return !"false".equals(setting);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // first in, last out: the id is set before anything else logs, the time is whole
    }

    @RequestFilter
    void begin(HttpRequest<?> request, MutablePropagatedContext context) {
        context.add(new RequestIds.Observed(
                System.nanoTime(),
                requestLog ? RequestLog.idFor(request.getHeaders().get(RequestLog.HEADER)) : null));
    }

    @ResponseFilter
    void end(HttpRequest<?> request, MutableHttpResponse<?> response, @Nullable RouteMatch<?> answeredBy) {
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
        if (timers != null && observed != null) { // (never null: this filter is first in)
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

    /** The filter exists when the request log or metrics are on. */
    static final class Wanted implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return on(context.getProperty("keyport.request-log.enabled", String.class)
                            .orElse("true"))
                    || on(context.getProperty("micronaut.metrics.enabled", String.class)
                            .orElse("true"));
        }
    }
}
