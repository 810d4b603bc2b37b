package dev.keyport.application.audit.service;

import dev.keyport.application.audit.port.in.ReadAuditTrail;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.domain.audit.AuditEvent;
import java.util.List;

/** Reads the audit trail for an admin. */
public final class AuditTrailService implements ReadAuditTrail {
    private final AuditTrail audit;

    public AuditTrailService(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public List<AuditEvent> latest(Query query) {
        return audit.latest(query.limit());
    }
}
