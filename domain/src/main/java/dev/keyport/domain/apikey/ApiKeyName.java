package dev.keyport.domain.apikey;

import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.MissingParameter;

/**
 * The name an owner gives a key, unique in their key ring. Leading and trailing white space is
 * dropped; what remains is 1 to 100 characters with no control characters and no unpaired
 * surrogates. This is a documented superset of App Services' rule (ASCII letters, digits, {@code _}
 * and {@code -}), so every name App Services accepted is accepted here too.
 */
public record ApiKeyName(String value) {
    public static final int MAX_LENGTH = 100;

    public ApiKeyName {
        if (value == null) {
            throw new MissingParameter("name");
        }
        value = value.strip();
        if (value.isEmpty()) {
            throw new MissingParameter("name");
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new InvalidParameter("name", "must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidParameter("name", "must not contain control characters");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidParameter("name", "must be valid Unicode text");
                }
                i++;
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
