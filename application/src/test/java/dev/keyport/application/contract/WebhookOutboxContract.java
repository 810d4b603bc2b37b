package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every webhook endpoints + outbox adapter must do. */
public abstract class WebhookOutboxContract extends PortContract {
    private final Instant now = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);

    private WebhookEndpoint endpoint(String id) {
        WebhookEndpoint endpoint = new WebhookEndpoint(id, "https://hooks.example.org/" + id, now);
        ports.transactions().inTransaction(() -> {
            ports.webhookEndpoints().add(endpoint, new byte[] {7, 7});
            return null;
        });
        return endpoint;
    }

    private void enqueue(String id, String endpointId) {
        ports.transactions().inTransaction(() -> {
            ports.webhookOutbox()
                    .enqueue(
                            List.of(new WebhookOutbox.NewDelivery(id, endpointId, "key.created", "{\"n\":1}", now)),
                            100);
            return null;
        });
    }

    @Test
    public void a_delivery_is_enqueued_only_with_its_transaction() {
        endpoint("0123456789abcdef01234567");
        assertThatThrownBy(() -> ports.webhookOutbox().enqueue(List.of(), 100))
                .as("outside a transaction")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
                    ports.webhookOutbox()
                            .enqueue(
                                    List.of(new WebhookOutbox.NewDelivery(
                                            "rolled-back", "0123456789abcdef01234567", "key.created", "{}", now)),
                                    100);
                    throw new IllegalStateException("the change failed");
                }))
                .hasMessage("the change failed");
        assertThat(ports.webhookOutbox().latest(10)).isEmpty();
        enqueue("d1", "0123456789abcdef01234567");
        assertThat(ports.webhookOutbox().attempts("d1"))
                .as("enqueued, not yet attempted")
                .contains(List.of());
        assertThat(ports.webhookOutbox().latest(10)).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.PENDING);
            assertThat(delivery.payload()).isEqualTo("{\"n\":1}");
        });
    }

    @Test
    public void a_claimed_delivery_is_leased_then_retried_when_due_and_done_when_delivered() {
        WebhookEndpoint endpoint = endpoint("0123456789abcdef01234567");
        enqueue("d1", endpoint.id());
        List<WebhookOutbox.Claimed> claimed = ports.webhookOutbox().claimDue(now, now.plusSeconds(60), "A", 10, 10);
        assertThat(claimed).singleElement().satisfies(c -> {
            assertThat(c.url()).isEqualTo(endpoint.url());
            assertThat(c.sealedSecret()).containsExactly(7, 7);
            assertThat(c.attempts()).isZero();
        });
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(1), now.plusSeconds(61), "B", 10, 10))
                .as("leased")
                .isEmpty();
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(60), now.plusSeconds(120), "C", 10, 10))
                .as("a lease that ran out (the instance died)")
                .hasSize(1);

        ports.webhookOutbox()
                .failed(
                        "d1",
                        "C",
                        1,
                        now.plusSeconds(61),
                        Optional.of(500),
                        "answered HTTP 500",
                        Optional.of(now.plusSeconds(90)));
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(89), now.plusSeconds(200), "D", 10, 10))
                .as("not yet due")
                .isEmpty();
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(90), now.plusSeconds(200), "E", 10, 10))
                .singleElement()
                .satisfies(c -> assertThat(c.attempts()).isEqualTo(1));
        assertThat(ports.webhookOutbox().delivered("d1", "E", 2, now.plusSeconds(91), 204))
                .isTrue();
        assertThat(ports.webhookOutbox().attempts("d1"))
                .contains(List.of(
                        new dev.keyport.domain.webhook.WebhookAttempt(
                                1, now.plusSeconds(61), Optional.of(500), Optional.of("answered HTTP 500")),
                        new dev.keyport.domain.webhook.WebhookAttempt(
                                2, now.plusSeconds(91), Optional.of(204), Optional.empty())));
        assertThat(ports.webhookOutbox().attempts("unknown")).isEmpty();
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(3600), now.plusSeconds(3700), "F", 10, 10))
                .isEmpty();
        assertThat(ports.webhookOutbox().latest(10)).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
            assertThat(delivery.attempts()).isEqualTo(2);
            assertThat(delivery.lastStatus()).contains(204);
        });
    }

    @Test
    public void a_delivery_given_up_is_failed_and_removing_the_endpoint_removes_its_deliveries() {
        WebhookEndpoint endpoint = endpoint("0123456789abcdef01234567");
        enqueue("d1", endpoint.id());
        ports.webhookOutbox().claimDue(now, now.plusSeconds(60), "A", 10, 10);
        ports.webhookOutbox().failed("d1", "A", 10, now, Optional.empty(), "ConnectException", Optional.empty());
        assertThat(ports.webhookOutbox().latest(10)).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.FAILED);
            assertThat(delivery.lastError()).contains("ConnectException");
        });
        assertThat(ports.webhookEndpoints().all()).containsExactly(endpoint);
        assertThat(ports.transactions()
                        .inTransaction(() -> ports.webhookEndpoints().remove(endpoint.id())))
                .isTrue();
        assertThat(ports.transactions()
                        .inTransaction(() -> ports.webhookEndpoints().remove(endpoint.id())))
                .isFalse();
        assertThat(ports.webhookEndpoints().all()).isEmpty();
        assertThat(ports.webhookOutbox().latest(10)).isEmpty();
        assertThat(ports.webhookOutbox().attempts("d1")).as("its attempts too").isEmpty();
    }

    @Test
    public void only_the_lease_holder_records_an_outcome_and_a_run_out_lease_is_not_acted_on() {
        WebhookEndpoint endpoint = endpoint("0123456789abcdef01234567");
        enqueue("d1", endpoint.id());
        assertThat(ports.webhookOutbox().claimDue(now, now.plusSeconds(30), "first", 10, 10))
                .hasSize(1);
        assertThat(ports.webhookOutbox().renew("d1", "first", now.plusSeconds(10), now.plusSeconds(40)))
                .isTrue();
        assertThat(ports.webhookOutbox().renew("d1", "someone-else", now.plusSeconds(10), now.plusSeconds(40)))
                .isFalse();
        // the first deliverer stalls past its lease; a second one takes the delivery over and delivers it
        assertThat(ports.webhookOutbox().renew("d1", "first", now.plusSeconds(41), now.plusSeconds(71)))
                .as("a lease that ran out is not renewed")
                .isFalse();
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(40), now.plusSeconds(70), "second", 10, 10))
                .hasSize(1);
        assertThat(ports.webhookOutbox().delivered("d1", "second", 1, now.plusSeconds(41), 204))
                .isTrue();
        // the first one's late failure (and a late success) change nothing
        assertThat(ports.webhookOutbox()
                        .failed(
                                "d1",
                                "first",
                                1,
                                now.plusSeconds(42),
                                Optional.empty(),
                                "timed out",
                                Optional.of(now.plusSeconds(60))))
                .isFalse();
        assertThat(ports.webhookOutbox().delivered("d1", "first", 1, now.plusSeconds(42), 200))
                .isFalse();
        assertThat(ports.webhookOutbox().release("d1", "first")).isFalse();
        assertThat(ports.webhookOutbox().latest(10)).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
            assertThat(delivery.lastStatus()).contains(204);
        });
        assertThat(ports.webhookOutbox().attempts("d1"))
                .contains(List.of(new dev.keyport.domain.webhook.WebhookAttempt(
                        1, now.plusSeconds(41), Optional.of(204), Optional.empty())));

        // a holder whose lease ran out, even if nobody took it over, cannot record either
        enqueue("d2", endpoint.id());
        assertThat(ports.webhookOutbox().claimDue(now, now.plusSeconds(30), "third", 10, 10))
                .hasSize(1);
        assertThat(ports.webhookOutbox()
                        .failed(
                                "d2",
                                "third",
                                1,
                                now.plusSeconds(31),
                                Optional.of(500),
                                "answered HTTP 500",
                                Optional.of(now.plusSeconds(60))))
                .isFalse();
        assertThat(ports.webhookOutbox().release("d2", "third")).isTrue();
        assertThat(ports.webhookOutbox().claimDue(now, now.plusSeconds(30), "fourth", 10, 10))
                .as("released: due again")
                .hasSize(1);
    }

    @Test
    public void the_pending_outbox_of_an_endpoint_is_bounded_and_finished_deliveries_are_pruned() {
        WebhookEndpoint a = endpoint("0123456789abcdef01234567");
        WebhookEndpoint b = endpoint("89abcdef0123456789abcdef");
        List<String> full = ports.transactions().inTransaction(() -> {
            List<String> dropped = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                dropped.addAll(ports.webhookOutbox()
                        .enqueue(
                                List.of(
                                        new WebhookOutbox.NewDelivery(
                                                "a" + i, a.id(), "key.enabled", "{}", now.plusSeconds(i)),
                                        new WebhookOutbox.NewDelivery(
                                                "b" + i, b.id(), "key.enabled", "{}", now.plusSeconds(i))),
                                i < 4 ? 3 : 10));
            }
            return dropped;
        });
        assertThat(full)
                .as("a3 and b3 found their outboxes full; a4 and b4 had a larger bound")
                .containsExactly(a.id(), b.id());
        assertThat(ports.webhookOutbox().latest(100))
                .extracting(WebhookDelivery::id)
                .containsExactlyInAnyOrder("a0", "a1", "a2", "a4", "b0", "b1", "b2", "b4");

        List<WebhookOutbox.Claimed> claimed =
                ports.webhookOutbox().claimDue(now.plusSeconds(10), now.plusSeconds(40), "x", 10, 2);
        assertThat(claimed)
                .as("at most two of one endpoint per batch")
                .extracting(WebhookOutbox.Claimed::id)
                .containsExactlyInAnyOrder("a0", "a1", "b0", "b1");
        assertThat(ports.webhookOutbox().delivered("a0", "x", 1, now.plusSeconds(11), 204))
                .isTrue();
        assertThat(ports.webhookOutbox()
                        .failed(
                                "a1",
                                "x",
                                10,
                                now.plusSeconds(11),
                                Optional.of(500),
                                "answered HTTP 500",
                                Optional.empty()))
                .isTrue();
        assertThat(ports.webhookOutbox().delivered("b0", "x", 1, now.plusSeconds(11), 204))
                .isTrue();

        assertThat(ports.webhookOutbox().prune(now.plusSeconds(1), 100))
                .as("a0 and b0 are done and old enough")
                .isEqualTo(2);
        assertThat(ports.webhookOutbox().prune(now.plusSeconds(100), 100))
                .as("a1, given up")
                .isEqualTo(1);
        assertThat(ports.webhookOutbox().attempts("a1")).isEmpty();
        assertThat(ports.webhookOutbox().latest(100))
                .extracting(WebhookDelivery::id)
                .containsExactlyInAnyOrder("a2", "a4", "b1", "b2", "b4");
    }
}
