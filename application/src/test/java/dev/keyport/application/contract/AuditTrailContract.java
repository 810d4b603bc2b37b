package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.shared.port.out.AuditTrail} adapter must do. */
public abstract class AuditTrailContract extends PortContract {

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

    @Test
    public void an_event_recorded_in_a_transaction_is_kept_if_and_only_if_the_transaction_commits() {
        var at = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        AuditEvent committed = new AuditEvent(at, "admin:root", AuditAction.KEY_DELETED, "key:kept", "committed");
        AuditEvent rolledBack = new AuditEvent(at.plusSeconds(1), "admin:root", AuditAction.KEY_DELETED, "key:gone", "rolled back");
        ports.transactions().inTransaction(() -> {
            ports.audit().record(committed);
            return null;
        });
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
            ports.audit().record(rolledBack);
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");

        assertThat(ports.audit().latest(10)).containsExactly(committed);
    }
}
