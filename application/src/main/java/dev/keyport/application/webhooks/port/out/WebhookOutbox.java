package dev.keyport.application.webhooks.port.out;

import dev.keyport.domain.webhook.WebhookAttempt;
import dev.keyport.domain.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries still to make and those made, kept by the store: an event's deliveries are written in the
 * transaction of the change they announce, so a change that commits is announced (at least once, even after
 * a crash) and one that rolls back never is.
 */
public interface WebhookOutbox {
    /** Must run inside the transaction of the change. */
    void enqueue(List<NewDelivery> deliveries);

    /**
     * Takes up to {@code limit} deliveries that are due at {@code now} and not taken by another instance, and
     * holds them until {@code leaseUntil}: if this instance dies before recording the outcome, another takes
     * them after that.
     */
    List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit);

    /** The attempt that succeeded (attempt number {@code attempts}), kept with the earlier ones. */
    void delivered(String id, int attempts, Instant at, int status);

    /** A failed attempt, kept; {@code retryAt} empty: given up. */
    void failed(String id, int attempts, Instant at, Optional<Integer> status, String error, Optional<Instant> retryAt);

    /** Every attempt at the delivery, first first; empty when there is no such delivery. */
    Optional<List<WebhookAttempt>> attempts(String deliveryId);

    /** The newest deliveries first. */
    List<WebhookDelivery> latest(int limit);

    record NewDelivery(String id, String endpointId, String eventType, String payload, Instant createdAt) {
    }

    record Claimed(String id, String endpointId, String url, byte[] sealedSecret, String eventType, String payload,
                   int attempts) {
    }
}
