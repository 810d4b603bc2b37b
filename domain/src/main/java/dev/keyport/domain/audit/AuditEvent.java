package dev.keyport.domain.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: when, who did it (the actor), what, and to what (the target), plus
 * a short detail. Never a secret: keys are named by id and name, never by value.
 *
 * @param actor  {@code admin:<name>}, {@code user:<id>}, or {@code client} for an unauthenticated login attempt
 * @param target {@code server-key:<id>}, {@code user-key:<id>}, {@code provider:<name>}, {@code admin:<name>}, ...
 */
public record AuditEvent(Instant at, String actor, AuditAction action, String target, String detail) {
    public static final int MAX_TEXT = 200;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        actor = clip(Objects.requireNonNull(actor, "actor"));
        target = clip(Objects.requireNonNull(target, "target"));
        detail = clip(Objects.requireNonNull(detail, "detail"));
    }

    public static String admin(String name) {
        return "admin:" + name;
    }

    private static String clip(String text) {
        String printable = text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= MAX_TEXT ? printable : printable.substring(0, MAX_TEXT);
    }
}
