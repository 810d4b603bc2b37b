package dev.keyport.adapter.schedule;

import dev.keyport.application.accounts.port.in.DeliverMails;
import dev.keyport.application.accounts.port.in.PrepareAccountMails;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code keyport.mail.poll-interval} (1 s) on every instance: turns queued {@code confirm/send} and
 * {@code reset/send} requests into mails, then sends the due mails (when an SMTP server is configured); the store's
 * leases keep two instances from sending one mail at once. Hourly, forgets finished mails and expired reset tokens.
 */
@Singleton
final class AccountMailSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(AccountMailSchedule.class);

    private final PrepareAccountMails prepare;
    private final DeliverMails deliver;

    AccountMailSchedule(Jobs jobs) {
        this.prepare = jobs.prepareAccountMails();
        this.deliver = jobs.deliverMails();
    }

    @Scheduled(fixedDelay = "${keyport.mail.poll-interval:1s}", initialDelay = "${keyport.mail.poll-interval:1s}")
    void prepareAndDeliver() {
        try {
            prepare.prepareRequested();
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not prepare requested account mails; will try again at the next interval: {}",
                    e.getMessage());
        }
        try {
            deliver.deliverDue();
        } catch (RuntimeException e) {
            LOG.warn("could not send the mail outbox; will try again at the next interval: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelay = "${keyport.mail.prune-interval:1h}", initialDelay = "${keyport.mail.prune-interval:1h}")
    void pruneDone() {
        try {
            deliver.pruneDone();
        } catch (RuntimeException e) {
            LOG.warn("could not prune finished mails; will try again at the next interval: {}", e.getMessage());
        }
    }
}
