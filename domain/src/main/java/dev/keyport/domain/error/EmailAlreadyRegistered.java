package dev.keyport.domain.error;

/** Registration with an email address that already has an account. */
public final class EmailAlreadyRegistered extends DomainException {
    public EmailAlreadyRegistered() {
        super("an account with this email address already exists");
    }
}
