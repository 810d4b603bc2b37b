package dev.keyport.application.port.out;

import dev.keyport.domain.audit.AuditEvent;
import java.util.List;

/** Where audit events go. Recording never fails the action it records. */
public interface AuditTrail {

    /** Records an event; a store may write events in batches (it documents how late). */
    void record(AuditEvent event);

    /** The newest events first, at most {@code limit}; events recorded through this store are included. */
    List<AuditEvent> latest(int limit);
}
