package dev.keyport.domain.error;

/**
 * A confirmation or reset token that is unknown, wrong, used or expired: one answer for all, so that a guess learns
 * nothing (App Services' {@code UserpassTokenInvalid}).
 */
public final class AccountTokenInvalid extends DomainException {
    public AccountTokenInvalid() {
        super("invalid token data");
    }
}
