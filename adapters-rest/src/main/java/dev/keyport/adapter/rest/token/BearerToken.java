package dev.keyport.adapter.rest.token;

import dev.keyport.domain.error.InvalidSession;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

/** Reads {@code Authorization: Bearer <token>}; a missing or empty one (or the client's {@code null}) is a bad session. */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";

    private BearerToken() {}

    public static String from(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new InvalidSession("missing bearer token");
        }
        String token = header.substring(PREFIX.length()).strip();
        if (token.isEmpty() || "null".equals(token) || "undefined".equals(token) || token.length() > 4096) {
            throw new InvalidSession("missing bearer token");
        }
        return token;
    }
}
