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
    /**
     * Queues the deliveries; must run inside the transaction of the change. A delivery whose endpoint already has
     * {@code maxPendingPerEndpoint} pending deliveries is not queued (the oldest stay, in order).
     *
     * @return the endpoints of the deliveries not queued because their pending outbox was full
     */
    List<String> enqueue(List<NewDelivery> deliveries, int maxPendingPerEndpoint);

    /**
     * Takes up to {@code limit} deliveries that are due at {@code now} and not leased by another instance (at most
     * {@code perEndpoint} of one endpoint, oldest due first, so one endpoint's backlog cannot fill every batch), and
     * leases them to {@code leaseToken} until {@code leaseUntil}: only that lease holder can then record their
     * outcome, and if it dies, another instance takes them after that.
     */
    List<Claimed> claimDue(Instant now, Instant leaseUntil, String leaseToken, int limit, int perEndpoint);

    /**
     * Extends the lease to {@code leaseUntil} if {@code leaseToken} still holds it and it has not run out at
     * {@code now}; false: the lease is lost (another instance may be sending it), do not send.
     */
    boolean renew(String id, String leaseToken, Instant now, Instant leaseUntil);

    /** Gives the lease back without an attempt (the delivery is due again at once); false when not held. */
    boolean release(String id, String leaseToken);

    /**
     * The attempt that succeeded (attempt number {@code attempts}), kept with the earlier ones, if
     * {@code leaseToken} still holds a lease that has not run out at {@code at}; false (and nothing changed) if not.
     */
    boolean delivered(String id, String leaseToken, int attempts, Instant at, int status);

    /**
     * A failed attempt, kept, if {@code leaseToken} still holds a lease that has not run out at {@code at}; false
     * (and nothing changed) if not. {@code retryAt} empty: given up.
     */
    boolean failed(
            String id,
            String leaseToken,
            int attempts,
            Instant at,
            Optional<Integer> status,
            String error,
            Optional<Instant> retryAt);

    /**
     * Removes up to {@code limit} deliveries that are done (delivered, or given up) and were created before
     * {@code before}, with their attempts; pending ones are never removed.
     *
     * @return how many were removed
     */
    int prune(Instant before, int limit);

    /** Every attempt at the delivery, first first; empty when there is no such delivery. */
    Optional<List<WebhookAttempt>> attempts(String deliveryId);

    /** The newest deliveries first. */
    List<WebhookDelivery> latest(int limit);

    record NewDelivery(String id, String endpointId, String eventType, String payload, Instant createdAt) {}

    record Claimed(
            String id,
            String endpointId,
            String url,
            byte[] sealedSecret,
            String eventType,
            String payload,
            int attempts) {}
}
