package dev.keyport.adapter.schedule;

import dev.keyport.application.webhooks.port.in.AnnounceKeyExpiries;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scans for keys to announce as expiring or expired every {@code keyport.webhooks.expiry-scan-interval} (1 min). */
@Singleton
final class KeyExpiryNoticeSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(KeyExpiryNoticeSchedule.class);

    private final AnnounceKeyExpiries notices;

    KeyExpiryNoticeSchedule(Jobs jobs) {
        this.notices = jobs.announceKeyExpiries();
    }

    @Scheduled(
            fixedDelay = "${keyport.webhooks.expiry-scan-interval:1m}",
            initialDelay = "${keyport.webhooks.expiry-scan-interval:1m}")
    void announce() {
        try {
            notices.announce();
        } catch (RuntimeException e) {
            LOG.warn("could not announce key expiries; will try again at the next interval: {}", e.getMessage());
        }
    }
}
