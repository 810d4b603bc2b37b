package dev.keyport.adapter.rest.error;

import io.micronaut.http.HttpStatus;

/**
 * A request refused by the HTTP edge itself, before any use case runs: malformed JSON, a field that
 * is absent or of the wrong JSON type, an unknown app or provider. The request's shape is the
 * protocol's business; whether a value breaks a rule (a key name, an email address) is the domain's,
 * and those refusals are {@link dev.keyport.domain.error.DomainException}s instead.
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

    /** A field the request must carry is absent (or JSON null). */
    public static RequestRejected missingParameter(String field) {
        return new RequestRejected(HttpStatus.BAD_REQUEST, "MissingParameter", field + " is required");
    }

    /** A field of the wrong JSON type, or a query value that is not what the route reads. */
    public static RequestRejected invalidParameter(String field, String problem) {
        return new RequestRejected(HttpStatus.BAD_REQUEST, "InvalidParameter", field + " " + problem);
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
