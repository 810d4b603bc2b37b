package dev.keyport.application.admin.port.in;

import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.id.SessionId;
import java.util.Objects;

/** The admin behind an admin request, as an admin access token claims it: who, and in which admin session. */
public record AdminCaller(String username, SessionId session) {
    public AdminCaller {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(session, "session");
    }

    /** How the audit trail names this admin. */
    public AuditActor actor() {
        return new AuditActor.Admin(username);
    }
}
