package dev.keyport.domain.error;

/**
 * Email/password login refused. The same answer whether the email is unknown or the password
 * wrong, so that the answer does not reveal which accounts exist.
 */
public final class WrongCredentials extends DomainException {
    public WrongCredentials() {
        super("invalid username/password");
    }
}
