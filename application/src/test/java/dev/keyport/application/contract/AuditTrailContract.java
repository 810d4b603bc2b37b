package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.port.out.AuditTrail} adapter must do. */
public abstract class AuditTrailContract {
    private DrivenPorts ports;

    protected abstract DrivenPorts freshPorts();

    @BeforeEach
    public void setUp() {
        ports = freshPorts();
    }

    @Test
    public void recorded_events_are_read_back_newest_first_up_to_the_limit() {
        var start = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 5; i++) {
            ports.audit().record(new AuditEvent(start.plusSeconds(i), "admin:root", AuditAction.KEY_CREATED,
                    "key:" + i, "detail " + i));
        }
        assertThat(ports.audit().latest(3)).extracting(AuditEvent::target).containsExactly("key:4", "key:3", "key:2");
        assertThat(ports.audit().latest(10)).hasSize(5);
        assertThat(ports.audit().latest(1).getFirst())
                .isEqualTo(new AuditEvent(start.plusSeconds(4), "admin:root", AuditAction.KEY_CREATED, "key:4", "detail 4"));
    }
}
