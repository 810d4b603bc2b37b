package dev.keyport.domain.user;

import dev.keyport.domain.error.MissingParameter;
import dev.keyport.domain.error.PasswordRulesViolated;

/**
 * A password in clear, as the person typed it. It lives only as long as a request: it is hashed
 * before anything is stored, and {@link #toString()} never reveals it, so it cannot leak into a log.
 */
public final class Password {
    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 128;

    private final String value;

    private Password(String value) {
        this.value = value;
    }

    /** A password offered at login: any non-empty string; the hash comparison decides. */
    public static Password offered(String value) {
        if (value == null || value.isEmpty()) {
            throw new MissingParameter("password");
        }
        return new Password(value);
    }

    /** A password chosen at registration: must meet the rules (6 to 128 characters). */
    public static Password chosen(String value) {
        if (value == null || value.isEmpty()) {
            throw new MissingParameter("password");
        }
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new PasswordRulesViolated("must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            // invisible characters cannot be typed again reliably: a sure way to lock oneself out
            throw new PasswordRulesViolated("must not contain control characters");
        }
        return new Password(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Password[hidden]";
    }
}
