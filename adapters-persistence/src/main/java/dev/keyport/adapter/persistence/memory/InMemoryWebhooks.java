package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.domain.webhook.WebhookAttempt;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Webhook endpoints and the outbox in the in-memory database: rolled back with its transaction. */
final class InMemoryWebhooks implements WebhookEndpoints, WebhookOutbox {
    private final InMemoryDatabase db;

    InMemoryWebhooks(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void add(WebhookEndpoint endpoint, byte[] sealedSecret) {
        db.locked(() -> db.webhookEndpoints.put(
                endpoint.id(), new InMemoryDatabase.StoredEndpoint(endpoint, sealedSecret.clone())));
    }

    @Override
    public List<WebhookEndpoint> all() {
        return db.locked(() -> db.webhookEndpoints.values().stream()
                .map(InMemoryDatabase.StoredEndpoint::endpoint)
                .toList());
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
    public List<String> enqueue(List<NewDelivery> deliveries, int maxPendingPerEndpoint) {
        db.requireTransaction();
        return db.locked(() -> {
            List<String> full = new ArrayList<>();
            for (NewDelivery delivery : deliveries) {
                long pending = db.webhookDeliveries.stream()
                        .filter(stored -> stored.delivery().endpointId().equals(delivery.endpointId())
                                && stored.delivery().nextAttemptAt().isPresent())
                        .count();
                if (pending >= maxPendingPerEndpoint) {
                    full.add(delivery.endpointId());
                    continue;
                }
                db.webhookDeliveries.add(new InMemoryDatabase.StoredDelivery(
                        new WebhookDelivery(
                                delivery.id(),
                                delivery.endpointId(),
                                delivery.eventType(),
                                delivery.payload(),
                                delivery.createdAt(),
                                0,
                                Optional.of(delivery.createdAt()),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        null,
                        null));
            }
            return full;
        });
    }

    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, String leaseToken, int limit, int perEndpoint) {
        return db.locked(() -> {
            List<Claimed> claimed = new ArrayList<>();
            Map<String, Integer> perEndpointCount = new HashMap<>();
            List<InMemoryDatabase.StoredDelivery> due = db.webhookDeliveries.stream()
                    .filter(stored -> stored.delivery()
                            .nextAttemptAt()
                            .filter(at -> !at.isAfter(now))
                            .isPresent())
                    .filter(stored -> stored.leasedUntil() == null
                            || !stored.leasedUntil().isAfter(now))
                    .sorted(Comparator.comparing(
                            stored -> stored.delivery().nextAttemptAt().orElseThrow()))
                    .filter(stored ->
                            perEndpointCount.merge(stored.delivery().endpointId(), 1, Integer::sum) <= perEndpoint)
                    .limit(limit)
                    .toList();
            for (InMemoryDatabase.StoredDelivery stored : due) {
                InMemoryDatabase.StoredEndpoint endpoint =
                        db.webhookEndpoints.get(stored.delivery().endpointId());
                replace(stored, new InMemoryDatabase.StoredDelivery(stored.delivery(), leaseUntil, leaseToken));
                WebhookDelivery delivery = stored.delivery();
                claimed.add(new Claimed(
                        delivery.id(),
                        delivery.endpointId(),
                        endpoint.endpoint().url(),
                        endpoint.sealedSecret().clone(),
                        delivery.eventType(),
                        delivery.payload(),
                        delivery.attempts()));
            }
            return claimed;
        });
    }

    private void replace(InMemoryDatabase.StoredDelivery old, InMemoryDatabase.StoredDelivery updated) {
        db.webhookDeliveries.set(db.webhookDeliveries.indexOf(old), updated);
    }

    /** The delivery if {@code leaseToken} holds its lease, pending, and not run out at {@code at} (null: any time). */
    private Optional<InMemoryDatabase.StoredDelivery> leased(
            String id, String leaseToken, Instant at, boolean strictlyBefore) {
        return db.webhookDeliveries.stream()
                .filter(stored -> stored.delivery().id().equals(id))
                .findFirst()
                .filter(stored -> leaseToken.equals(stored.leaseToken())
                        && stored.leasedUntil() != null
                        && stored.delivery().nextAttemptAt().isPresent())
                .filter(stored -> at == null
                        || (strictlyBefore
                                ? stored.leasedUntil().isAfter(at)
                                : !stored.leasedUntil().isBefore(at)));
    }

    @Override
    public boolean renew(String id, String leaseToken, Instant now, Instant leaseUntil) {
        return db.locked(() -> leased(id, leaseToken, now, true)
                .map(stored -> {
                    replace(stored, new InMemoryDatabase.StoredDelivery(stored.delivery(), leaseUntil, leaseToken));
                    return true;
                })
                .orElse(false));
    }

    @Override
    public boolean release(String id, String leaseToken) {
        return db.locked(() -> leased(id, leaseToken, null, false)
                .map(stored -> {
                    replace(stored, new InMemoryDatabase.StoredDelivery(stored.delivery(), null, null));
                    return true;
                })
                .orElse(false));
    }

    private boolean record(
            String id, String leaseToken, WebhookAttempt attempt, UnaryOperator<WebhookDelivery> change) {
        return db.locked(() -> leased(id, leaseToken, attempt.at(), false)
                .map(stored -> {
                    replace(stored, new InMemoryDatabase.StoredDelivery(change.apply(stored.delivery()), null, null));
                    List<WebhookAttempt> kept = db.webhookAttempts.computeIfAbsent(id, key -> new ArrayList<>());
                    if (kept.stream().noneMatch(earlier -> earlier.number() == attempt.number())) {
                        kept.add(attempt);
                    }
                    return true;
                })
                .orElse(false));
    }

    @Override
    public Optional<List<WebhookAttempt>> attempts(String deliveryId) {
        return db.locked(() -> db.webhookDeliveries.stream()
                        .anyMatch(stored -> stored.delivery().id().equals(deliveryId))
                ? Optional.of(List.copyOf(db.webhookAttempts.getOrDefault(deliveryId, List.of())))
                : Optional.empty());
    }

    @Override
    public boolean delivered(String id, String leaseToken, int attempts, Instant at, int status) {
        return record(
                id,
                leaseToken,
                new WebhookAttempt(attempts, at, Optional.of(status), Optional.empty()),
                d -> new WebhookDelivery(
                        d.id(),
                        d.endpointId(),
                        d.eventType(),
                        d.payload(),
                        d.createdAt(),
                        attempts,
                        Optional.empty(),
                        Optional.of(at),
                        Optional.of(status),
                        Optional.empty()));
    }

    @Override
    public boolean failed(
            String id,
            String leaseToken,
            int attempts,
            Instant at,
            Optional<Integer> status,
            String error,
            Optional<Instant> retryAt) {
        String text = error.length() > 500 ? error.substring(0, 500) : error;
        return record(
                id,
                leaseToken,
                new WebhookAttempt(attempts, at, status, Optional.of(text)),
                d -> new WebhookDelivery(
                        d.id(),
                        d.endpointId(),
                        d.eventType(),
                        d.payload(),
                        d.createdAt(),
                        attempts,
                        retryAt,
                        Optional.empty(),
                        status,
                        Optional.of(text)));
    }

    @Override
    public int prune(Instant before, int limit) {
        return db.locked(() -> {
            List<InMemoryDatabase.StoredDelivery> done = db.webhookDeliveries.stream()
                    .filter(stored -> stored.delivery().nextAttemptAt().isEmpty()
                            && stored.delivery().createdAt().isBefore(before))
                    .sorted(Comparator.comparing(stored -> stored.delivery().createdAt()))
                    .limit(limit)
                    .toList();
            done.forEach(stored -> {
                db.webhookDeliveries.remove(stored);
                db.webhookAttempts.remove(stored.delivery().id());
            });
            return done.size();
        });
    }

    @Override
    public List<WebhookDelivery> latest(int limit) {
        return db.locked(() -> db.webhookDeliveries.stream()
                .map(InMemoryDatabase.StoredDelivery::delivery)
                .sorted(Comparator.comparing(WebhookDelivery::createdAt).reversed())
                .limit(limit)
                .toList());
    }
}
