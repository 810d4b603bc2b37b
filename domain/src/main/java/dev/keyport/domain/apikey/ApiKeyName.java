package dev.keyport.domain.apikey;

import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.MissingParameter;

/**
 * The name an owner gives a key, unique in their key ring. Leading and trailing blanks (any Unicode
 * space, and invisible format characters such as a zero-width space or a byte-order mark) are
 * dropped; what remains is 1 to 100 characters with at least one visible one (a letter, digit,
 * punctuation mark or symbol that is not a blank filler), no control characters, no bidirectional
 * overrides (they make a name display as another) and no unpaired surrogates. This is a documented
 * superset of App Services' rule (ASCII letters, digits, {@code _} and {@code -}), so every name App
 * Services accepted is accepted here too.
 */
public record ApiKeyName(String value) {
    public static final int MAX_LENGTH = 100;

    public ApiKeyName {
        if (value == null) {
            throw new MissingParameter("name");
        }
        value = stripBlanks(value);
        if (value.isEmpty()) {
            throw new MissingParameter("name");
        }
        if (value.codePoints().noneMatch(ApiKeyName::isVisible)) {
            throw new InvalidParameter("name", "must contain a visible character");
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new InvalidParameter("name", "must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidParameter("name", "must not contain control characters");
            }
            if (isBidiControl(c)) {
                throw new InvalidParameter("name", "must not contain bidirectional control characters");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new InvalidParameter("name", "must be valid Unicode text");
                }
                i++;
            }
        }
    }

    private static String stripBlanks(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isBlank(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isBlank(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    /** White space, any Unicode space separator, invisible format characters and the blank fillers. */
    private static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT
                || isFiller(codePoint);
    }

    /** Letters and digits, punctuation and symbols draw something; spaces, marks alone and fillers do not. */
    private static boolean isVisible(int codePoint) {
        if (isFiller(codePoint)) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Letters and symbols that render as nothing: Hangul fillers, the Braille blank, the Mongolian vowel separator. */
    private static boolean isFiller(int codePoint) {
        return codePoint == 0x115F
                || codePoint == 0x1160
                || codePoint == 0x3164
                || codePoint == 0xFFA0
                || codePoint == 0x2800
                || codePoint == 0x180E;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    @Override
    public String toString() {
        return value;
    }
}
