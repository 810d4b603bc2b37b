package dev.keyport.domain.error;

/** The user does not exist (any more). */
public final class UserNotFound extends DomainException {
    public UserNotFound() {
        super("user not found");
    }
}
