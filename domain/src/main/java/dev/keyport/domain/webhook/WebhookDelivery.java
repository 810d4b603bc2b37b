package dev.keyport.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One event for one endpoint, as the outbox holds it: pending until delivered (a 2xx answer) or given up
 * after {@value #MAX_ATTEMPTS} attempts, retried with exponential backoff in between.
 */
public record WebhookDelivery(
        String id,
        String endpointId,
        String eventType,
        String payload,
        Instant createdAt,
        int attempts,
        Optional<Instant> nextAttemptAt,
        Optional<Instant> deliveredAt,
        Optional<Integer> lastStatus,
        Optional<String> lastError) {
    public static final int MAX_ATTEMPTS = 10;

    public enum State {
        PENDING,
        DELIVERED,
        FAILED
    }

    public State state() {
        return deliveredAt.isPresent() ? State.DELIVERED : nextAttemptAt.isPresent() ? State.PENDING : State.FAILED;
    }

    /** When to try again after {@code attempts} failed attempts: base x 2^(attempts-1), at most an hour; none after the last. */
    public static Optional<Instant> retryAt(int attempts, Instant now, Duration base) {
        if (attempts >= MAX_ATTEMPTS) {
            return Optional.empty();
        }
        Duration wait = base.multipliedBy(1L << Math.min(attempts - 1, 20));
        return Optional.of(now.plus(wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait));
    }
}
