package dev.keyport.domain.user;

import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.MissingParameter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address used as a login name. Stored trimmed and lower-cased, so that
 * {@code Ann@Example.org} and {@code ann@example.org} are one account.
 * The check is deliberately practical (one {@code @}, a dot in the domain, no spaces or
 * control characters, at most 254 characters), not a full RFC 5322 parser.
 */
public record Email(String value) {
    private static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE =
            Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}.]+");

    public Email {
        if (value == null || value.isBlank()) {
            throw new MissingParameter("email");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH || !SHAPE.matcher(value).matches()) {
            throw new InvalidParameter("email", "is not a valid email address");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
