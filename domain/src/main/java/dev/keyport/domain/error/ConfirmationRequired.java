package dev.keyport.domain.error;

/**
 * A login with the right password of a registration that is not confirmed yet ({@code autoConfirm} off). Said only
 * to whoever knows the password, so it reveals nothing a wrong guess would.
 */
public final class ConfirmationRequired extends DomainException {
    public ConfirmationRequired() {
        super("confirmation required");
    }
}
