package dev.keyport.domain.error;

/** An admin confirms (or asks to mail) a registration whose user is already confirmed. */
public final class UserAlreadyConfirmed extends DomainException {
    public UserAlreadyConfirmed() {
        super("user already confirmed");
    }
}
