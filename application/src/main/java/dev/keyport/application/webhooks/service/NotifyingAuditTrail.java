package dev.keyport.application.webhooks.service;

import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The audit trail, plus webhooks: a key lifecycle event recorded inside its change's transaction also puts
 * one delivery per endpoint in the outbox, in that same transaction. The payload:
 * {@code {"id", "type": "key.created", "created_at", "data": {"target": "key:<id>", "actor", "detail"}}}.
 */
public final class NotifyingAuditTrail implements AuditTrail {
    /** Recorded inside the change's transaction (the services' contract), so the outbox row commits with it. */
    static final Set<AuditAction> NOTIFIED = EnumSet.of(AuditAction.KEY_CREATED, AuditAction.KEY_ENABLED,
            AuditAction.KEY_DISABLED, AuditAction.KEY_DELETED, AuditAction.KEY_ROLLED, AuditAction.KEY_GRACE_ENDED);

    private final AuditTrail audit;
    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final RandomGenerator random;

    public NotifyingAuditTrail(AuditTrail audit, WebhookEndpoints endpoints, WebhookOutbox outbox, RandomGenerator random) {
        this.audit = audit;
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.random = random;
    }

    @Override
    public void record(AuditEvent event) {
        audit.record(event);
        if (!NOTIFIED.contains(event.action())) {
            return;
        }
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
