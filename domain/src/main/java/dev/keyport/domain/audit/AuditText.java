package dev.keyport.domain.audit;

/** Free text in the audit trail: control characters replaced, clipped to {@link #MAX} characters. */
final class AuditText {
    static final int MAX = 200;

    private AuditText() {
    }

    static String printable(String text) {
        String printable = text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= MAX ? printable : printable.substring(0, MAX);
    }
}
