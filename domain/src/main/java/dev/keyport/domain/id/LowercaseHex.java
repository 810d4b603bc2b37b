package dev.keyport.domain.id;

/**
 * Whether a text is lowercase hexadecimal of one length: the shape of identifiers and digests. A plain
 * loop, not a regular expression, because ids and digests are checked on every login and refresh.
 */
public final class LowercaseHex {
    private LowercaseHex() {}

    /** True if {@code candidate} is exactly {@code length} characters of {@code [0-9a-f]}. */
    public static boolean is(String candidate, int length) {
        if (candidate == null || candidate.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = candidate.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }
}
