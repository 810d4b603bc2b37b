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

    /** The app id in the path is not this server's. */
    public static RequestRejected appNotFound() {
        return new RequestRejected(HttpStatus.NOT_FOUND, "AppNotFound", "no app with this id");
    }

    /** The provider name in the path is none of the three Keyport serves. */
    public static RequestRejected providerNotFound() {
        return new RequestRejected(HttpStatus.NOT_FOUND, "AuthProviderNotFound", "authentication provider not found");
    }

    public HttpStatus status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }
}
