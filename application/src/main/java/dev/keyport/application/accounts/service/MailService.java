package dev.keyport.application.accounts.service;

import dev.keyport.application.accounts.port.in.DeliverMails;
import dev.keyport.application.accounts.port.in.ReadOutgoingMails;
import dev.keyport.application.accounts.port.out.MailOutbox;
import dev.keyport.application.accounts.port.out.MailSender;
import dev.keyport.application.accounts.port.out.PasswordResets;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.domain.error.InvalidParameter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Sends the mail outbox through the mail server, under leases (every instance runs it; a mail is sent by one at a
 * time), retrying with a doubling delay; with no mail server configured it sends nothing and the mails wait, readable
 * by the admin ({@link ReadOutgoingMails}). Delivery is at least once: a crash between the SMTP server's
 * acceptance and the record of it sends the mail again.
 */
public final class MailService implements DeliverMails, ReadOutgoingMails {
    private final MailOutbox outbox;
    private final Optional<MailSender> sender;
    private final PasswordResets resets;
    private final SecretSealer sealer;
    private final Clock clock;
    private final RandomGenerator random;
    private final Settings settings;

    /**
     * @param retryBase   the delay after the first failed attempt; doubled after each, at most {@code maxDelay}
     * @param maxAttempts attempts before a mail is given up (its token expires after 30 minutes anyway)
     * @param lease       how long an instance holds a mail it sends
     * @param batch       mails claimed per round
     * @param retention   how long finished mails are kept (without their bodies)
     */
    public record Settings(
            Duration retryBase, Duration maxDelay, int maxAttempts, Duration lease, int batch, Duration retention) {
        public Settings {
            Objects.requireNonNull(retryBase, "retryBase");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(retention, "retention");
            if (maxAttempts < 1 || batch < 1) {
                throw new IllegalArgumentException("maxAttempts and batch must be positive");
            }
        }
    }

    public MailService(
            MailOutbox outbox,
            Optional<MailSender> sender,
            PasswordResets resets,
            SecretSealer sealer,
            Clock clock,
            RandomGenerator random,
            Settings settings) {
        this.outbox = outbox;
        this.sender = sender;
        this.resets = resets;
        this.sealer = sealer;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
    }

    static String sealingContext(String mailId) {
        return "mail:" + mailId;
    }

    @Override
    public int deliverDue() {
        if (sender.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        byte[] leaseBytes = new byte[16];
        random.nextBytes(leaseBytes);
        String leaseToken = HexFormat.of().formatHex(leaseBytes);
        int sent = 0;
        for (MailOutbox.Claimed mail : outbox.claimDue(now, now.plus(settings.lease()), leaseToken, settings.batch())) {
            int attempt = mail.attempts() + 1;
            try {
                String text =
                        new String(sealer.open(mail.sealedBody(), sealingContext(mail.id())), StandardCharsets.UTF_8);
                sender.get().send(mail.recipient(), mail.subject(), text);
                if (outbox.sent(mail.id(), leaseToken, clock.instant())) {
                    sent++;
                }
            } catch (MailSender.Unavailable e) {
                Instant at = clock.instant();
                Optional<Instant> retry =
                        attempt >= settings.maxAttempts() ? Optional.empty() : Optional.of(at.plus(delay(attempt)));
                outbox.failed(mail.id(), leaseToken, attempt, at, e.getMessage(), retry);
            } catch (SecretSealer.UnreadableSecret e) {
                outbox.failed(
                        mail.id(),
                        leaseToken,
                        attempt,
                        clock.instant(),
                        "the body cannot be opened with this key-encryption key",
                        Optional.empty());
            }
        }
        return sent;
    }

    Duration delay(int attempt) {
        Duration delay = settings.retryBase();
        for (int i = 1; i < attempt && delay.compareTo(settings.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
    }

    @Override
    public int pruneDone() {
        Instant now = clock.instant();
        resets.removeExpired(now, 1000);
        return outbox.prune(now.minus(settings.retention()), 1000);
    }

    @Override
    public List<OutgoingMail> pending(AdminCaller admin, int limit) {
        Objects.requireNonNull(admin, "admin");
        if (limit < 1 || limit > 1000) {
            throw new InvalidParameter("limit", "must be between 1 and 1000");
        }
        return outbox.pending(limit).stream()
                .map(mail -> new OutgoingMail(
                        mail.id(),
                        mail.recipient(),
                        mail.subject(),
                        body(mail),
                        mail.createdAt(),
                        mail.attempts(),
                        mail.lastError()))
                .toList();
    }

    private String body(MailOutbox.Pending mail) {
        try {
            return new String(sealer.open(mail.sealedBody(), sealingContext(mail.id())), StandardCharsets.UTF_8);
        } catch (SecretSealer.UnreadableSecret e) {
            return "(sealed with another key-encryption key)";
        }
    }
}
