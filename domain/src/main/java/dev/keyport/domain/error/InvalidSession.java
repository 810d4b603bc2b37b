package dev.keyport.domain.error;

/** The token presented does not belong to a live session: unknown, expired, revoked or malformed. */
public final class InvalidSession extends DomainException {
    public InvalidSession(String reason) {
        super(reason);
    }
}
