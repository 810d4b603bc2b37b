package dev.keyport.domain.audit;

/**
 * Free text in the audit trail: control characters and unpaired surrogates (which have no UTF-8 form, so
 * the store could not write them and a batch holding one would fail again and again) replaced, clipped to
 * {@link #MAX} characters.
 */
final class AuditText {
    static final int MAX = 200;

    private AuditText() {}

    static String printable(String text) {
        String printable = text.codePoints()
                .map(c -> Character.isISOControl(c) || Character.isSurrogate((char) c) && c <= Character.MAX_VALUE
                        ? '?'
                        : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        if (printable.length() <= MAX) {
            return printable;
        }
        // never between the two halves of a pair, which would leave an unpaired surrogate
        return printable.substring(0, Character.isHighSurrogate(printable.charAt(MAX - 1)) ? MAX - 1 : MAX);
    }
}
