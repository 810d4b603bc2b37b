package dev.keyport.domain.error;

/** A new password does not meet the password rules. */
public final class PasswordRulesViolated extends DomainException {
    public PasswordRulesViolated(String rule) {
        super("password " + rule);
    }
}
