package dev.keyport.domain.error;

/** Too many failed logins from one client or for one account in the current window; try again after it ends. */
public final class TooManyFailedLogins extends DomainException {
    private final long retryAfterSeconds;

    public TooManyFailedLogins(long retryAfterSeconds) {
        super("too many failed login attempts; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
