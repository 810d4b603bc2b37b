package dev.keyport.application.webhooks.service;

import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.user.UserEvent;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The audit trail, plus webhooks: a key lifecycle event ({@link KeyEvent}, typed) recorded inside its change's
 * transaction also puts one delivery per endpoint in the outbox, in that same transaction. The payload:
 * {@code {"id", "type": "key.created", "created_at", "data": {"target": "key:<id>", "actor", "detail"}}}.
 * Webhooks follow from the event's type only ({@link #announcement(KeyEvent)}): a plain {@link AuditEvent} never makes
 * one, whatever its text says. The audit entry and the webhook are two projections of the same typed event.
 *
 * <p>A key login refused because the key is disabled or expired (recorded outside any transaction, as logins
 * write nothing) is announced as {@code key.login_refused} in a transaction of its own, at most once per key
 * per {@code refusalEvery} on this instance, so a client retrying in a loop cannot flood the receivers.
 *
 * <p>Each endpoint's pending outbox is bounded ({@code maxPendingPerEndpoint}): an event that finds it full is
 * not queued for that endpoint (the rows already queued stay, in order), counted in {@link #dropped()} and told
 * to {@code onDrop} (a log line). A user looping enable/disable cannot grow the outbox past the bound.
 */
public final class NotifyingAuditTrail implements AuditTrail {
    private final AuditTrail audit;
    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final Transactions transactions;
    private final RandomGenerator random;
    private final Duration refusalEvery;
    private final int maxPendingPerEndpoint;
    private final Consumer<String> onDrop;
    private final AtomicLong dropped = new AtomicLong();
    private final ConcurrentHashMap<String, Instant> lastRefusalNotice = new ConcurrentHashMap<>();

    public NotifyingAuditTrail(
            AuditTrail audit,
            WebhookEndpoints endpoints,
            WebhookOutbox outbox,
            Transactions transactions,
            RandomGenerator random,
            Duration refusalEvery,
            int maxPendingPerEndpoint,
            Consumer<String> onDrop) {
        if (maxPendingPerEndpoint < 1) {
            throw new IllegalArgumentException("the pending outbox of an endpoint must hold at least one delivery");
        }
        this.audit = audit;
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.transactions = transactions;
        this.random = random;
        this.refusalEvery = refusalEvery;
        this.maxPendingPerEndpoint = maxPendingPerEndpoint;
        this.onDrop = onDrop;
    }

    /** Events not queued for an endpoint because its pending outbox was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    /** An audit entry only: webhooks are never derived from audit entries. */
    @Override
    public void record(AuditEvent event) {
        audit.record(event);
    }

    @Override
    public void record(KeyEvent event) {
        audit.record(event.audit());
        switch (announcement(event)) {
            case IN_THE_CHANGE -> enqueue(event); // inside the change's transaction (the services' contract)
            case THROTTLED -> announceRefusal((KeyEvent.LoginRefused) event);
            case NONE -> {}
        }
    }

    /**
     * The audit entry, and for issue 24's lifecycle steps (deleted, disabled, enabled, identity linked) a webhook in the
     * change's transaction. A new case must say here whether it is announced.
     */
    @Override
    public void record(UserEvent event) {
        audit.record(event);
        switch (event) {
            case UserEvent.Registered registered -> {}
            case UserEvent.SessionsRevoked revoked -> {}
            case UserEvent.Deleted deleted ->
                enqueue(deleted.at(), deleted.audit().orElseThrow());
            case UserEvent.Disabled disabled ->
                enqueue(disabled.at(), disabled.audit().orElseThrow());
            case UserEvent.Enabled enabled ->
                enqueue(enabled.at(), enabled.audit().orElseThrow());
            case UserEvent.IdentityLinked linked ->
                enqueue(linked.at(), linked.audit().orElseThrow());
        }
    }

    /** A user event's webhook: its type is the audit action's code ({@code user.deleted}), the rest as for keys. */
    private void enqueue(java.time.Instant at, AuditEvent named) {
        List<WebhookEndpoint> targets = endpoints.all();
        if (targets.isEmpty()) {
            return;
        }
        String type = named.action().code();
        String payload = "{\"id\":" + json(WebhookService.newId(random)) + ",\"type\":" + json(type)
                + ",\"created_at\":" + json(at.toString()) + ",\"data\":{\"target\":"
                + json(named.target().label())
                + ",\"actor\":" + json(named.actor().label()) + ",\"detail\":" + json(named.detail()) + "}}";
        List<String> full = outbox.enqueue(
                targets.stream()
                        .map(endpoint -> new WebhookOutbox.NewDelivery(
                                WebhookService.newId(random), endpoint.id(), type, payload, at))
                        .toList(),
                maxPendingPerEndpoint);
        for (String endpointId : full) {
            dropped.incrementAndGet();
            onDrop.accept(endpointId);
        }
    }

    /** How webhooks announce an event: in its change's transaction, in one of its own at most once a window, or not. */
    enum Announcement {
        IN_THE_CHANGE,
        THROTTLED,
        NONE
    }

    /**
     * Which key events webhooks announce, decided by their type alone (never by their text), in this one place: every
     * change of a key's lifecycle, and a login refused because the key is disabled or expired. A successful login or
     * the sessions a logout sweep ended are audit entries only.
     */
    static Announcement announcement(KeyEvent event) {
        return switch (event) {
            case KeyEvent.Created created -> Announcement.IN_THE_CHANGE;
            case KeyEvent.Enabled enabled -> Announcement.IN_THE_CHANGE;
            case KeyEvent.Disabled disabled -> Announcement.IN_THE_CHANGE;
            case KeyEvent.Deleted deleted -> Announcement.IN_THE_CHANGE;
            case KeyEvent.Rolled rolled -> Announcement.IN_THE_CHANGE;
            case KeyEvent.GraceEnded graceEnded -> Announcement.IN_THE_CHANGE;
            case KeyEvent.Expiring expiring -> Announcement.IN_THE_CHANGE;
            case KeyEvent.Expired expired -> Announcement.IN_THE_CHANGE;
            case KeyEvent.LoginRefused refused ->
                refused.reason().announced() ? Announcement.THROTTLED : Announcement.NONE;
            case KeyEvent.LoginSucceeded succeeded -> Announcement.NONE;
            case KeyEvent.SessionsEnded ended -> Announcement.NONE;
        };
    }

    /** A refused login writes nothing, so its notice gets a transaction of its own, at most once a window per key. */
    private void announceRefusal(KeyEvent.LoginRefused refused) {
        if (!firstRefusalInWindow(refused)) {
            return;
        }
        try {
            transactions.inTransaction(() -> {
                enqueue(refused);
                return null;
            });
        } catch (RuntimeException e) {
            // a notice is never worth failing the login's answer for; the audit trail has the refusal
            lastRefusalNotice.remove(refused.keyId().value());
        }
    }

    /** Whether this refusal opens a new window for its key: atomically, it becomes the key's last notice. */
    private boolean firstRefusalInWindow(KeyEvent.LoginRefused event) {
        boolean[] opened = {false};
        lastRefusalNotice.compute(event.keyId().value(), (target, last) -> {
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

    /**
     * The webhook projection of a key event: one delivery per endpoint, the payload made from the typed event (its type,
     * time, actor; the key and the text named as the audit projection names them, the same printable text).
     */
    private void enqueue(KeyEvent event) {
        List<WebhookEndpoint> targets = endpoints.all();
        if (targets.isEmpty()) {
            return;
        }
        String eventId = WebhookService.newId(random);
        AuditEvent named = event.audit();
        String payload = "{\"id\":" + json(eventId) + ",\"type\":" + json(event.type())
                + ",\"created_at\":" + json(event.at().toString()) + ",\"data\":{\"target\":"
                + json(named.target().label())
                + ",\"actor\":" + json(event.actor().label()) + ",\"detail\":" + json(named.detail()) + "}}";
        List<String> full = outbox.enqueue(
                targets.stream()
                        .map(endpoint -> new WebhookOutbox.NewDelivery(
                                WebhookService.newId(random), endpoint.id(), event.type(), payload, event.at()))
                        .toList(),
                maxPendingPerEndpoint);
        for (String endpointId : full) {
            dropped.incrementAndGet();
            onDrop.accept(endpointId);
        }
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
