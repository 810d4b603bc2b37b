package dev.keyport.application.webhooks.service;

import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The audit trail, plus webhooks: a key lifecycle event recorded inside its change's transaction also puts
 * one delivery per endpoint in the outbox, in that same transaction. The payload:
 * {@code {"id", "type": "key.created", "created_at", "data": {"target": "key:<id>", "actor", "detail"}}}.
 *
 * <p>A key login refused because the key is disabled or expired (recorded outside any transaction, as logins
 * write nothing) is announced as {@code key.login_refused} in a transaction of its own, at most once per key
 * per {@code refusalEvery} on this instance, so a client retrying in a loop cannot flood the receivers.
 */
public final class NotifyingAuditTrail implements AuditTrail {
    /** Recorded inside the change's transaction (the services' contract), so the outbox row commits with it. */
    static final Set<AuditAction> NOTIFIED = EnumSet.of(AuditAction.KEY_CREATED, AuditAction.KEY_ENABLED,
            AuditAction.KEY_DISABLED, AuditAction.KEY_DELETED, AuditAction.KEY_ROLLED, AuditAction.KEY_GRACE_ENDED,
            AuditAction.KEY_EXPIRING, AuditAction.KEY_EXPIRED);

    /** The refusals worth telling about: the key exists but may not log in. */
    static final Set<String> NOTIFIED_REFUSALS = Set.of("key is disabled", "key expired");

    private final AuditTrail audit;
    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final Transactions transactions;
    private final RandomGenerator random;
    private final Duration refusalEvery;
    private final ConcurrentHashMap<String, Instant> lastRefusalNotice = new ConcurrentHashMap<>();

    public NotifyingAuditTrail(AuditTrail audit, WebhookEndpoints endpoints, WebhookOutbox outbox, Transactions transactions,
                               RandomGenerator random, Duration refusalEvery) {
        this.audit = audit;
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.transactions = transactions;
        this.random = random;
        this.refusalEvery = refusalEvery;
    }

    @Override
    public void record(AuditEvent event) {
        audit.record(event);
        if (NOTIFIED.contains(event.action())) {
            enqueue(event);
        } else if (event.action() == AuditAction.KEY_LOGIN_REFUSED && NOTIFIED_REFUSALS.contains(event.detail())
                && firstRefusalInWindow(event)) {
            try {
                transactions.inTransaction(() -> {
                    enqueue(event);
                    return null;
                });
            } catch (RuntimeException e) {
                // a notice is never worth failing the login's answer for; the audit trail has the refusal
                lastRefusalNotice.remove(event.target().label());
            }
        }
    }

    /** Whether this refusal opens a new window for its key: atomically, it becomes the key's last notice. */
    private boolean firstRefusalInWindow(AuditEvent event) {
        boolean[] opened = {false};
        lastRefusalNotice.compute(event.target().label(), (target, last) -> {
            if (last != null && event.at().isBefore(last.plus(refusalEvery))) {
                return last;
            }
            opened[0] = true;
            return event.at();
        });
        if (lastRefusalNotice.size() > 10_000) {
            lastRefusalNotice.values().removeIf(at -> at.isBefore(event.at().minus(refusalEvery)));
        }
        return opened[0];
    }

    private void enqueue(AuditEvent event) {
        List<WebhookEndpoint> targets = endpoints.all();
        if (targets.isEmpty()) {
            return;
        }
        String eventId = WebhookService.newId(random);
        String payload = "{\"id\":" + json(eventId) + ",\"type\":" + json(event.action().code())
                + ",\"created_at\":" + json(event.at().toString()) + ",\"data\":{\"target\":" + json(event.target().label())
                + ",\"actor\":" + json(event.actor().label()) + ",\"detail\":" + json(event.detail()) + "}}";
        outbox.enqueue(targets.stream().map(endpoint -> new WebhookOutbox.NewDelivery(WebhookService.newId(random),
                endpoint.id(), event.action().code(), payload, event.at())).toList());
    }

    @Override
    public List<AuditEvent> latest(int limit) {
        return audit.latest(limit);
    }

    /** A JSON string literal. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
