package dev.keyport.application.shared.port.in;

/**
 * Every password-hashing thread is busy, the queue in front of them is full, and no place freed within
 * the adapter's short admission wait: the password check was not started, and nothing was changed. The request may be retried shortly. Thrown by the
 * {@link PasswordHasher} adapter that bounds hashing so that a flood of password logins cannot take
 * the CPU from every other request; the edge answers 503 with {@code Retry-After}.
 */
public final class PasswordHashingBusy extends RuntimeException {
    public PasswordHashingBusy() {
        super("too many password checks are in progress; try again shortly", null, false, false);
    }
}
