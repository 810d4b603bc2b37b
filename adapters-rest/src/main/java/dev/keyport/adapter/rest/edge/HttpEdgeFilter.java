package dev.keyport.adapter.rest.edge;

import dev.keyport.adapter.rest.error.ErrorHandlers;
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
import io.micronaut.core.annotation.Nullable;

/**
 * Rules on routes and answers that the framework leaves open:
 * <ul>
 *   <li>the admin console's files ({@code /admin/**}) are read with GET and HEAD only; anything else
 *       is 405 with {@code Allow: GET, HEAD} (the framework would serve the file to POST, PUT, DELETE
 *       and TRACE);</li>
 *   <li>JSON answers say {@code application/json} and nothing else: the framework copies parameters
 *       of the client's {@code Accept} (a {@code charset=utf-16}) into the content type of a body that
 *       is always UTF-8.</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class HttpEdgeFilter {
    static final String CONSOLE_PREFIX = "/admin";
    static final String API_PREFIX = "/api/";

    @RequestFilter
    @Nullable
    HttpResponse<?> staticFilesAreReadOnly(HttpRequest<?> request) {
        String path = request.getPath();
        boolean console = path.equals(CONSOLE_PREFIX) || path.startsWith(CONSOLE_PREFIX + "/");
        HttpMethod method = request.getMethod();
        if (console && method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return ErrorHandlers.respond(HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed",
                    "the admin console's files are read with GET or HEAD").header(HttpHeaders.ALLOW, "GET, HEAD");
        }
        return null;
    }

    /**
     * The API answers only JSON, always UTF-8. Left unset, the content type would be chosen later from
     * the client's {@code Accept}, parameters and all; so it is set here, before that.
     */
    @ResponseFilter
    void honestContentType(HttpRequest<?> request, MutableHttpResponse<?> response) {
        boolean api = request.getPath().startsWith(API_PREFIX);
        boolean jsonWithParameters = response.getContentType()
                .filter(type -> MediaType.APPLICATION_JSON.equals(type.getName()) && !type.getParameters().isEmpty())
                .isPresent();
        if (jsonWithParameters || (api && response.getBody().isPresent())) {
            response.contentType(MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
