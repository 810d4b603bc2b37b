package dev.keyport.application.shared.port.in;

/**
 * A driven port's store cannot be reached right now (for example the database is down or every
 * connection is busy past the timeout). Nothing was changed by the failed call; the request may be
 * retried later. Adapters throw it; the edge answers 503.
 */
public final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
