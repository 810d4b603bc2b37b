package dev.keyport.adapter.rest.edge;

import dev.keyport.adapter.rest.error.ErrorHandlers;
import dev.keyport.adapter.rest.json.ClientText;
import dev.keyport.adapter.rest.observe.RequestObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;

/**
 * Rules on routes and answers that the framework leaves open:
 * <ul>
 *   <li>the admin console's files ({@code /admin/**}) are read with GET and HEAD only; anything else
 *       is 405 with {@code Allow: GET, HEAD} (the framework would serve the file to POST, PUT, DELETE
 *       and TRACE);</li>
 *   <li>the path and query, once percent-decoded, are UTF-8 text that {@link ClientText} accepts (no
 *       control characters, no unpaired surrogates): 400 otherwise, before any route reads a path segment or
 *       query value (request bodies are checked where they are parsed, {@code JsonRequest});</li>
 *   <li>JSON answers say {@code application/json} and nothing else: the framework copies parameters
 *       of the client's {@code Accept} (a {@code charset=utf-16}) into the content type of a body that
 *       is always UTF-8;</li>
 *   <li>{@link SecurityHeaders} on every answer;</li>
 *   <li>the operators' view ({@link RequestObserver}: request id and log, timers, counters), first in and last out.</li>
 * </ul>
 *
 * <p>Keyport's only filter, first of all filters: each filter costs the framework's dispatch and a match of its path
 * pattern on the way in and out of every request, so the edge's rules share one request method and one response
 * method (docs/performance.md, issue 25, third stop: with three filters, their path matches alone were 2.5 % of the
 * ceiling's CPU samples).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class HttpEdgeFilter implements Ordered {
    static final String CONSOLE_PREFIX = "/admin";
    static final String API_PREFIX = "/api/";

    /** Null when neither the request log nor metrics are on. */
    private final @Nullable RequestObserver observer;

    HttpEdgeFilter(PropertyResolver settings, BeanProvider<MeterRegistry> registry) {
        this.observer = RequestObserver.from(settings, registry::get);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // first in, last out: the request id is set before anything logs, the time is whole
    }

    /**
     * Everything on the way in, in one filter method (each method is a dispatch of the framework's on every request,
     * with the request's propagated context set and restored around it: docs/performance.md, issue 25).
     */
    @RequestFilter
    @Nullable HttpResponse<?> checkTheRequest(HttpRequest<?> request, MutablePropagatedContext context) {
        if (observer != null) {
            observer.begin(request, context);
        }
        MutableHttpResponse<?> refused = staticFilesAreReadOnly(request);
        if (refused == null) {
            refused = clientTextInTheTarget(request);
        }
        if (refused != null) {
            // Micronaut runs this filter's two methods as two entries of its filter list, the response method's after
            // the request method's, and on a refusal only the response entries before the refusing one: so the refusal
            // is finished here, once (MetricsTest counts it once). Within the request's context as it is after this
            // method, which the framework sets only on return: the observation begun above, the caller's request id.
            try (PropagatedContext.Scope ignored = context.getContext().propagate()) {
                finishTheAnswer(
                        request, refused, RouteAttributes.getRouteMatch(request).orElse(null));
            }
        }
        return refused;
    }

    /** Everything on the way out, in one filter method; the operators' view last, so that it sees the answer sent. */
    @ResponseFilter
    void finishTheAnswer(HttpRequest<?> request, MutableHttpResponse<?> response, @Nullable RouteMatch<?> answeredBy) {
        honestContentType(request, response);
        SecurityHeaders.add(request, response);
        if (observer != null) {
            observer.end(request, response, answeredBy);
        }
    }

    static @Nullable MutableHttpResponse<?> staticFilesAreReadOnly(HttpRequest<?> request) {
        String path = request.getPath();
        boolean console = path.equals(CONSOLE_PREFIX) || path.startsWith(CONSOLE_PREFIX + "/");
        HttpMethod method = request.getMethod();
        if (console && method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return ErrorHandlers.respond(
                            HttpStatus.METHOD_NOT_ALLOWED,
                            "MethodNotAllowed",
                            "the admin console's files are read with GET or HEAD")
                    .header(HttpHeaders.ALLOW, "GET, HEAD");
        }
        return null;
    }

    static @Nullable MutableHttpResponse<?> clientTextInTheTarget(HttpRequest<?> request) {
        String problem =
                targetProblem(request.getUri().getRawPath(), request.getUri().getRawQuery());
        return problem == null ? null : ErrorHandlers.respond(HttpStatus.BAD_REQUEST, "InvalidParameter", problem);
    }

    /** Why a raw (still percent-encoded) path and query are refused, or {@code null}. */
    static String targetProblem(@Nullable String rawPath, @Nullable String rawQuery) {
        for (String[] part : new String[][] {{"the path", rawPath}, {"the query", rawQuery}}) {
            if (part[1] == null || part[1].isEmpty()) {
                continue;
            }
            String decoded = ClientText.percentDecoded(part[1], false);
            if (decoded == null) {
                return part[0] + " must be percent-encoded UTF-8";
            }
            String problem = ClientText.problem(decoded);
            if (problem != null) {
                return part[0] + " " + problem;
            }
        }
        return null;
    }

    /**
     * The API answers only JSON, always UTF-8. Left unset, the content type would be chosen later from
     * the client's {@code Accept}, parameters and all; so it is set here, before that.
     */
    static void honestContentType(HttpRequest<?> request, MutableHttpResponse<?> response) {
        boolean api = request.getPath().startsWith(API_PREFIX);
        boolean jsonWithParameters = response.getContentType()
                .filter(type -> MediaType.APPLICATION_JSON.equals(type.getName())
                        && !type.getParameters().isEmpty())
                .isPresent();
        if (jsonWithParameters || (api && response.getBody().isPresent())) {
            response.contentType(MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
