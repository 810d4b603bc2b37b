package dev.keyport.domain.error;

/** A caller asked more often than its limit allows in the current window (introspection); try again after it ends. */
public final class TooManyRequests extends DomainException {
    private final long retryAfterSeconds;

    public TooManyRequests(long retryAfterSeconds) {
        super("too many requests from this caller; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
