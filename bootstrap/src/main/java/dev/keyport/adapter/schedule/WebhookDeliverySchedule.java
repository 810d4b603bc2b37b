package dev.keyport.adapter.schedule;

import dev.keyport.application.webhooks.port.in.DeliverWebhooks;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox every {@code keyport.webhooks.poll-interval} (default 1 s) on every instance;
 * the store's leases keep two instances from sending the same delivery at once.
 */
@Singleton
final class WebhookDeliverySchedule {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliverySchedule.class);

    private final DeliverWebhooks deliveries;

    WebhookDeliverySchedule(Jobs jobs) {
        this.deliveries = jobs.deliverWebhooks();
    }

    @Scheduled(
            fixedDelay = "${keyport.webhooks.poll-interval:1s}",
            initialDelay = "${keyport.webhooks.poll-interval:1s}")
    void deliverDue() {
        try {
            deliveries.deliverDue();
        } catch (RuntimeException e) {
            LOG.warn("could not deliver webhooks; will try again at the next interval: {}", e.getMessage());
        }
    }

    /** Forgets deliveries finished longer ago than {@code keyport.webhooks.retention} (7 days), with their attempts. */
    @Scheduled(
            fixedDelay = "${keyport.webhooks.prune-interval:1h}",
            initialDelay = "${keyport.webhooks.prune-interval:1h}")
    void pruneDone() {
        try {
            int pruned = deliveries.pruneDone();
            if (pruned > 0) {
                LOG.info("pruned {} finished webhook deliveries past their retention", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not prune finished webhook deliveries; will try again at the next interval: {}",
                    e.getMessage());
        }
    }
}
