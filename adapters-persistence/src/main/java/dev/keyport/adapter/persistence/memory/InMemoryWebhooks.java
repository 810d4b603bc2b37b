package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.domain.webhook.WebhookAttempt;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Webhook endpoints and the outbox in the in-memory database: rolled back with its transaction. */
final class InMemoryWebhooks implements WebhookEndpoints, WebhookOutbox {
    private final InMemoryDatabase db;

    InMemoryWebhooks(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void add(WebhookEndpoint endpoint, byte[] sealedSecret) {
        db.locked(() -> db.webhookEndpoints.put(endpoint.id(), new InMemoryDatabase.StoredEndpoint(endpoint, sealedSecret.clone())));
    }

    @Override
    public List<WebhookEndpoint> all() {
        return db.locked(() -> db.webhookEndpoints.values().stream().map(InMemoryDatabase.StoredEndpoint::endpoint).toList());
    }

    @Override
    public boolean remove(String id) {
        return db.locked(() -> {
            boolean removed = db.webhookEndpoints.remove(id) != null;
            db.webhookDeliveries.removeIf(delivery -> {
                boolean theirs = delivery.delivery().endpointId().equals(id);
                if (theirs) {
                    db.webhookAttempts.remove(delivery.delivery().id());
                }
                return theirs;
            });
            return removed;
        });
    }

    @Override
    public void enqueue(List<NewDelivery> deliveries) {
        db.requireTransaction();
        deliveries.forEach(delivery -> db.webhookDeliveries.add(new InMemoryDatabase.StoredDelivery(new WebhookDelivery(
                delivery.id(), delivery.endpointId(), delivery.eventType(), delivery.payload(), delivery.createdAt(), 0,
                Optional.of(delivery.createdAt()), Optional.empty(), Optional.empty(), Optional.empty()), null)));
    }

    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        return db.locked(() -> {
            List<Claimed> claimed = new ArrayList<>();
            List<InMemoryDatabase.StoredDelivery> due = db.webhookDeliveries.stream()
                    .filter(stored -> stored.delivery().nextAttemptAt().filter(at -> !at.isAfter(now)).isPresent())
                    .filter(stored -> stored.leasedUntil() == null || !stored.leasedUntil().isAfter(now))
                    .sorted(Comparator.comparing(stored -> stored.delivery().nextAttemptAt().orElseThrow()))
                    .limit(limit).toList();
            for (InMemoryDatabase.StoredDelivery stored : due) {
                InMemoryDatabase.StoredEndpoint endpoint = db.webhookEndpoints.get(stored.delivery().endpointId());
                replace(stored, new InMemoryDatabase.StoredDelivery(stored.delivery(), leaseUntil));
                WebhookDelivery delivery = stored.delivery();
                claimed.add(new Claimed(delivery.id(), delivery.endpointId(), endpoint.endpoint().url(),
                        endpoint.sealedSecret().clone(), delivery.eventType(), delivery.payload(), delivery.attempts()));
            }
            return claimed;
        });
    }

    private void replace(InMemoryDatabase.StoredDelivery old, InMemoryDatabase.StoredDelivery updated) {
        db.webhookDeliveries.set(db.webhookDeliveries.indexOf(old), updated);
    }

    private void update(String id, java.util.function.UnaryOperator<WebhookDelivery> change) {
        db.locked(() -> {
            db.webhookDeliveries.stream().filter(stored -> stored.delivery().id().equals(id)).findFirst()
                    .ifPresent(stored -> replace(stored, new InMemoryDatabase.StoredDelivery(change.apply(stored.delivery()), null)));
            return null;
        });
    }

    private void keep(String id, WebhookAttempt attempt) {
        db.locked(() -> db.webhookAttempts.computeIfAbsent(id, key -> new ArrayList<>()).add(attempt));
    }

    @Override
    public Optional<List<WebhookAttempt>> attempts(String deliveryId) {
        return db.locked(() -> db.webhookDeliveries.stream().anyMatch(stored -> stored.delivery().id().equals(deliveryId))
                ? Optional.of(List.copyOf(db.webhookAttempts.getOrDefault(deliveryId, List.of())))
                : Optional.empty());
    }

    @Override
    public void delivered(String id, int attempts, Instant at, int status) {
        keep(id, new WebhookAttempt(attempts, at, Optional.of(status), Optional.empty()));
        update(id, d -> new WebhookDelivery(d.id(), d.endpointId(), d.eventType(), d.payload(), d.createdAt(), attempts,
                Optional.empty(), Optional.of(at), Optional.of(status), Optional.empty()));
    }

    @Override
    public void failed(String id, int attempts, Instant at, Optional<Integer> status, String error, Optional<Instant> retryAt) {
        keep(id, new WebhookAttempt(attempts, at, status, Optional.of(error)));
        update(id, d -> new WebhookDelivery(d.id(), d.endpointId(), d.eventType(), d.payload(), d.createdAt(), attempts,
                retryAt, Optional.empty(), status, Optional.of(error)));
    }

    @Override
    public List<WebhookDelivery> latest(int limit) {
        return db.locked(() -> db.webhookDeliveries.stream().map(InMemoryDatabase.StoredDelivery::delivery)
                .sorted(Comparator.comparing(WebhookDelivery::createdAt).reversed()).limit(limit).toList());
    }
}
