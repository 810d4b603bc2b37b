package dev.keyport.adapter.rest.error;

/** A login refused before it is tried, because of earlier failures; answered 429 with Retry-After. */
public final class TooManyAttempts extends RuntimeException {
    private final long retryAfterSeconds;

    public TooManyAttempts(long retryAfterSeconds) {
        super("too many failed login attempts; try again in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
