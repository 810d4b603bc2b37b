package dev.keyport.adapter.rest.edge;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;

/**
 * Headers on every answer ({@link HttpEdgeFilter} adds them): nothing is sniffed or cached (answers carry tokens and
 * key values) unless the route says otherwise (the public JWKS may be cached), and the admin console may not be
 * framed and may load nothing but its own files.
 */
final class SecurityHeaders {
    static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {}

    static void add(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("X-Content-Type-Options", "nosniff");
        if (!response.getHeaders().contains("Cache-Control")) {
            response.header("Cache-Control", "no-store");
        }
        response.header("Referrer-Policy", "no-referrer");
        if (request.getPath().startsWith(HttpEdgeFilter.CONSOLE_PREFIX)) {
            response.header("Content-Security-Policy", CONSOLE_POLICY);
            response.header("X-Frame-Options", "DENY");
        }
    }
}
