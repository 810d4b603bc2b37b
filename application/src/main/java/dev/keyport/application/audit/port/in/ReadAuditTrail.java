package dev.keyport.application.audit.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.error.InvalidParameter;
import java.util.List;
import java.util.Objects;

/** The newest audit events first. */
public interface ReadAuditTrail {
    List<AuditEvent> latest(Query query);

    record Query(AdminCaller admin, int limit) {
        public static final int MAX_LIMIT = 1000;

        public Query {
            Objects.requireNonNull(admin, "admin");
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InvalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
            }
        }
    }
}
