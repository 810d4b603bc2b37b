package dev.keyport.adapter.rest.log;

import dev.keyport.adapter.rest.error.ProtocolError;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.UriRouteMatch;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log event per request, on logger {@code keyport.request}: method, route template, status, outcome
 * (the protocol's {@code error_code}, or {@code ok}) and duration, with the request id. The id is the
 * caller's {@code X-Request-Id} when it is a plain token (letters, digits, {@code ._-}, at most 64), so a
 * proxy's id carries through; else a new random one. It is echoed in the answer's {@code X-Request-Id} and
 * is in the MDC ({@code request_id}) of every event logged while the request runs.
 *
 * <p>Nothing from the request but its method and route template is written: no query, no header, no body,
 * so no secret can reach the log this way ({@code SecretsStayHiddenTest}, {@code KeyportJarIT}). The logger
 * is on in the JSON log format and off in the text one (docs/operations.md#logs).
 *
 * <p>A request id only has to be unique enough to find a request in the logs, not secret: it comes from
 * {@link ThreadLocalRandom} (96 bits), not from {@code SecureRandom}, whose default on Linux takes a
 * process-wide lock and reads {@code /dev/urandom} on every request. {@code keyport.request-log.enabled=false}
 * ({@code KEYPORT_REQUEST_LOG_ENABLED}) removes the filter altogether: no id, no {@code X-Request-Id}, no event.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "keyport.request-log.enabled", notEquals = "false")
final class RequestLog implements Ordered {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    private static final Logger LOG = LoggerFactory.getLogger("keyport.request");
    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String ID_ATTRIBUTE = RequestLog.class.getName() + ".id";
    private static final String START_ATTRIBUTE = RequestLog.class.getName() + ".start";

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // first in, last out: the id is set before anything else logs
    }

    @RequestFilter
    void begin(HttpRequest<?> request, MutablePropagatedContext context) {
        String offered = request.getHeaders().get(HEADER);
        String id = offered != null && ACCEPTED_ID.matcher(offered).matches() ? offered : newId();
        request.setAttribute(ID_ATTRIBUTE, id);
        request.setAttribute(START_ATTRIBUTE, System.nanoTime());
        context.add(new MdcEntry(MDC_KEY, id));
    }

    @ResponseFilter
    void end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String id = request.getAttribute(ID_ATTRIBUTE, String.class).orElseGet(RequestLog::newId);
        response.header(HEADER, id);
        if (!LOG.isInfoEnabled()) {
            return;
        }
        long start = request.getAttribute(START_ATTRIBUTE, Long.class).orElse(System.nanoTime());
        int status = response.code();
        String outcome = response.getBody(ProtocolError.class)
                .map(ProtocolError::errorCode)
                .orElse(status < 400 ? "ok" : "HTTP " + status);
        String route = BasicHttpAttributes.getRouteMatchInfo(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match)
                        .getRouteInfo()
                        .getUriMatchTemplate()
                        .toString())
                .orElse(status < 400 ? "(static file)" : "(no route)");
        long micros = (System.nanoTime() - start) / 1_000;
        try (MdcEntry.Scope ignored = new MdcEntry(MDC_KEY, id).open()) {
            LOG.atInfo()
                    .addKeyValue("method", request.getMethodName())
                    .addKeyValue("route", route)
                    .addKeyValue("status", status)
                    .addKeyValue("outcome", outcome)
                    .addKeyValue("duration_ms", micros / 1000.0)
                    .log("{} {} {} {}", request.getMethodName(), route, status, outcome);
        }
    }

    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextInt());
    }
}
