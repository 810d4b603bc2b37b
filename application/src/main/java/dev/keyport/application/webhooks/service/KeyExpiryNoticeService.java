package dev.keyport.application.webhooks.service;

import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.webhooks.port.in.AnnounceKeyExpiries;
import dev.keyport.application.webhooks.port.out.KeyExpiryNotices;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.audit.AuditActor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Nothing happens in the store when a key expires, so a scan finds the keys to announce: {@code key.expiring}
 * once a key's expiry is within {@code noticePeriod}, {@code key.expired} once it has passed. Each is recorded
 * in the audit trail (and so, through {@link NotifyingAuditTrail}, in the webhook outbox) in the transaction
 * that claims it, so each key is announced once per kind across all instances.
 */
public final class KeyExpiryNoticeService implements AnnounceKeyExpiries {
    private static final int BATCH = 100;

    private final KeyExpiryNotices notices;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final Duration noticePeriod;

    public KeyExpiryNoticeService(
            KeyExpiryNotices notices, AuditTrail audit, Transactions transactions, Clock clock, Duration noticePeriod) {
        this.notices = notices;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.noticePeriod = noticePeriod;
    }

    @Override
    public int announce() {
        Instant now = clock.instant();
        int made = 0;
        for (ApiKey key : notices.unannounced(KeyExpiryNotices.Kind.EXPIRED, Instant.EPOCH, now, BATCH)) {
            made += announce(key, KeyExpiryNotices.Kind.EXPIRED, KeyEvent.Expired::new, now, "expired at ");
        }
        for (ApiKey key : notices.unannounced(KeyExpiryNotices.Kind.EXPIRING, now, now.plus(noticePeriod), BATCH)) {
            made += announce(key, KeyExpiryNotices.Kind.EXPIRING, KeyEvent.Expiring::new, now, "expires at ");
        }
        return made;
    }

    private int announce(ApiKey key, KeyExpiryNotices.Kind kind, KeyEvent.Factory event, Instant now, String detail) {
        return transactions.inTransaction(() -> {
            if (!notices.claim(key, kind, now)) {
                return 0;
            }
            audit.record(event.make(
                    now,
                    AuditActor.SCHEDULE,
                    key.id(),
                    detail + key.expiresAt().orElseThrow() + "; key '"
                            + key.name().value() + "' of user " + key.ownerId().value()));
            return 1;
        });
    }
}
