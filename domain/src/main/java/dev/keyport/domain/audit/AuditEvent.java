package dev.keyport.domain.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: when, who did it (the actor), what, and to what (the target), plus
 * a short detail. Never a secret: keys are named by id and name, never by value.
 */
public record AuditEvent(Instant at, AuditActor actor, AuditAction action, AuditTarget target, String detail) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        detail = AuditText.printable(Objects.requireNonNull(detail, "detail"));
    }
}
