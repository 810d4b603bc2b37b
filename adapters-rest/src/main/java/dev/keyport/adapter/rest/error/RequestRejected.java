package dev.keyport.adapter.rest.error;

import io.micronaut.http.HttpStatus;

/**
 * A request refused by the HTTP edge itself, before any use case runs: malformed JSON, an unknown
 * app or provider. Domain refusals are {@link dev.keyport.domain.error.DomainException}s instead.
 */
public final class RequestRejected extends RuntimeException {
    private final HttpStatus status;
    private final String errorCode;

    public RequestRejected(HttpStatus status, String errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public static RequestRejected badRequest(String message) {
        return new RequestRejected(HttpStatus.BAD_REQUEST, "BadRequest", message);
    }

    public HttpStatus status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }
}
