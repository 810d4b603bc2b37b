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
            ports.webhookOutbox().enqueue(List.of(new WebhookOutbox.NewDelivery(id, endpointId, "key.created", "{\"n\":1}", now)));
            return null;
        });
    }

    @Test
    public void a_delivery_is_enqueued_only_with_its_transaction() {
        endpoint("0123456789abcdef01234567");
        assertThatThrownBy(() -> ports.webhookOutbox().enqueue(List.of()))
                .as("outside a transaction").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
            ports.webhookOutbox().enqueue(List.of(new WebhookOutbox.NewDelivery("rolled-back", "0123456789abcdef01234567",
                    "key.created", "{}", now)));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        assertThat(ports.webhookOutbox().latest(10)).isEmpty();
        enqueue("d1", "0123456789abcdef01234567");
        assertThat(ports.webhookOutbox().attempts("d1")).as("enqueued, not yet attempted").contains(List.of());
        assertThat(ports.webhookOutbox().latest(10)).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.PENDING);
            assertThat(delivery.payload()).isEqualTo("{\"n\":1}");
        });
    }

    @Test
    public void a_claimed_delivery_is_leased_then_retried_when_due_and_done_when_delivered() {
        WebhookEndpoint endpoint = endpoint("0123456789abcdef01234567");
        enqueue("d1", endpoint.id());
        List<WebhookOutbox.Claimed> claimed = ports.webhookOutbox().claimDue(now, now.plusSeconds(60), 10);
        assertThat(claimed).singleElement().satisfies(c -> {
            assertThat(c.url()).isEqualTo(endpoint.url());
            assertThat(c.sealedSecret()).containsExactly(7, 7);
            assertThat(c.attempts()).isZero();
        });
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(1), now.plusSeconds(61), 10)).as("leased").isEmpty();
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(60), now.plusSeconds(120), 10))
                .as("a lease that ran out (the instance died)").hasSize(1);

        ports.webhookOutbox().failed("d1", 1, now.plusSeconds(1), Optional.of(500), "answered HTTP 500", Optional.of(now.plusSeconds(90)));
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(89), now.plusSeconds(200), 10)).as("not yet due").isEmpty();
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(90), now.plusSeconds(200), 10)).singleElement()
                .satisfies(c -> assertThat(c.attempts()).isEqualTo(1));
        ports.webhookOutbox().delivered("d1", 2, now.plusSeconds(91), 204);
        assertThat(ports.webhookOutbox().attempts("d1")).contains(List.of(
                new dev.keyport.domain.webhook.WebhookAttempt(1, now.plusSeconds(1), Optional.of(500), Optional.of("answered HTTP 500")),
                new dev.keyport.domain.webhook.WebhookAttempt(2, now.plusSeconds(91), Optional.of(204), Optional.empty())));
        assertThat(ports.webhookOutbox().attempts("unknown")).isEmpty();
        assertThat(ports.webhookOutbox().claimDue(now.plusSeconds(3600), now.plusSeconds(3700), 10)).isEmpty();
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
        ports.webhookOutbox().claimDue(now, now.plusSeconds(60), 10);
        ports.webhookOutbox().failed("d1", 10, now, Optional.empty(), "ConnectException", Optional.empty());
        assertThat(ports.webhookOutbox().latest(10)).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.FAILED);
            assertThat(delivery.lastError()).contains("ConnectException");
        });
        assertThat(ports.webhookEndpoints().all()).containsExactly(endpoint);
        assertThat(ports.transactions().inTransaction(() -> ports.webhookEndpoints().remove(endpoint.id()))).isTrue();
        assertThat(ports.transactions().inTransaction(() -> ports.webhookEndpoints().remove(endpoint.id()))).isFalse();
        assertThat(ports.webhookEndpoints().all()).isEmpty();
        assertThat(ports.webhookOutbox().latest(10)).isEmpty();
        assertThat(ports.webhookOutbox().attempts("d1")).as("its attempts too").isEmpty();
    }
}
