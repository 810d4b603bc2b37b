package dev.keyport.application.inmemory;

import dev.keyport.application.port.out.AuditTrail;
import dev.keyport.domain.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/** The audit trail in memory, written at once. */
public final class InMemoryAuditTrail implements AuditTrail {
    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(AuditEvent event) {
        events.add(event);
    }

    @Override
    public synchronized List<AuditEvent> latest(int limit) {
        List<AuditEvent> newestFirst = new ArrayList<>(events.reversed());
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }
}
