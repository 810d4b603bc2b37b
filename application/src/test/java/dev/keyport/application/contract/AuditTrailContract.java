package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.shared.port.out.AuditTrail} adapter must do. */
public abstract class AuditTrailContract extends PortContract {
    private static final AuditActor ROOT = new AuditActor.Admin("root");

    @Test
    public void recorded_events_are_read_back_newest_first_up_to_the_limit() {
        var start = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        List<AuditTarget> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AuditTarget key = new AuditTarget.Key(ApiKeyId.generate(start, new Random(i)));
            keys.add(key);
            ports.audit()
                    .record(new AuditEvent(start.plusSeconds(i), ROOT, AuditAction.KEY_CREATED, key, "detail " + i));
        }
        assertThat(ports.audit().latest(3))
                .extracting(AuditEvent::target)
                .containsExactly(keys.get(4), keys.get(3), keys.get(2));
        assertThat(ports.audit().latest(10)).hasSize(5);
        assertThat(ports.audit().latest(1).getFirst())
                .isEqualTo(
                        new AuditEvent(start.plusSeconds(4), ROOT, AuditAction.KEY_CREATED, keys.get(4), "detail 4"));
    }

    @Test
    public void every_kind_of_actor_and_target_reads_back_as_it_was_recorded() {
        var start = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        UserId user = UserId.generate(start, new Random(1));
        List<AuditActor> actors = List.of(
                ROOT,
                new AuditActor.User(user),
                AuditActor.CLIENT,
                AuditActor.APP_DIRECTORY,
                AuditActor.SCHEDULE,
                ROOT,
                ROOT,
                ROOT);
        List<AuditTarget> targets = List.of(
                new AuditTarget.Key(ApiKeyId.generate(start, new Random(2))),
                new AuditTarget.User(user),
                new AuditTarget.Provider(AuthProvider.API_KEY),
                new AuditTarget.Admin("root"),
                new AuditTarget.UnknownKey("0123456789ab"),
                AuditTarget.MALFORMED_KEY,
                new AuditTarget.Admin("odd: name"),
                new AuditTarget.SigningKey("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
        List<AuditEvent> recorded = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            AuditEvent event = new AuditEvent(
                    start.plusSeconds(i), actors.get(i), AuditAction.KEY_LOGIN_REFUSED, targets.get(i), "");
            recorded.add(0, event);
            ports.audit().record(event);
        }
        assertThat(ports.audit().latest(targets.size())).containsExactlyElementsOf(recorded);
    }

    @Test
    public void an_event_recorded_in_a_transaction_is_kept_if_and_only_if_the_transaction_commits() {
        var at = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        AuditEvent committed =
                new AuditEvent(at, ROOT, AuditAction.KEY_DELETED, new AuditTarget.Admin("kept"), "committed");
        AuditEvent rolledBack = new AuditEvent(
                at.plusSeconds(1), ROOT, AuditAction.KEY_DELETED, new AuditTarget.Admin("gone"), "rolled back");
        ports.transactions().inTransaction(() -> {
            ports.audit().record(committed);
            return null;
        });
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
                    ports.audit().record(rolledBack);
                    throw new IllegalStateException("the change failed");
                }))
                .hasMessage("the change failed");

        assertThat(ports.audit().latest(10)).containsExactly(committed);
    }
}
