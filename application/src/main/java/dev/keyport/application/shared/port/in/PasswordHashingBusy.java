package dev.keyport.application.shared.port.in;

/**
 * Password hashing is too busy: every hashing thread is busy and the queue in front of them full, with no place
 * freed within the adapter's short admission wait (the check was not started), or an admitted check did not get
 * its hash within the adapter's bound (it is dropped, or left to end on its own). Nothing was changed either way;
 * the request may be retried shortly. Thrown by the
 * {@link PasswordHasher} adapter that bounds hashing so that a flood of password logins cannot take
 * the CPU from every other request; the edge answers 503 with {@code Retry-After}.
 */
public final class PasswordHashingBusy extends RuntimeException {
    public PasswordHashingBusy() {
        super("too many password checks are in progress; try again shortly", null, false, false);
    }
}
