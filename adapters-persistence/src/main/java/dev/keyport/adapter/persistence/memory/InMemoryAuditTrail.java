package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.domain.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/** The audit trail in memory, written at once; inside a transaction, rolled back with it. */
public final class InMemoryAuditTrail implements AuditTrail {
    private final InMemoryDatabase db;

    public InMemoryAuditTrail(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void record(AuditEvent event) {
        db.locked(() -> db.audit.add(event));
    }

    @Override
    public List<AuditEvent> latest(int limit) {
        return db.locked(() -> {
            List<AuditEvent> newestFirst = new ArrayList<>(db.audit.reversed());
            return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        });
    }
}
