package dev.keyport.adapter.schedule;

import dev.keyport.application.sessions.port.in.PurgeExpiredSessions;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link PurgeExpiredSessions} every {@code keyport.session.purge-interval} (default 1 h). Every
 * instance runs it; deleting the same expired rows twice is harmless.
 */
@Singleton
final class SessionPurgeSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(SessionPurgeSchedule.class);

    private final PurgeExpiredSessions purge;

    SessionPurgeSchedule(Jobs jobs) {
        this.purge = jobs.purgeSessions();
    }

    @Scheduled(
            fixedDelay = "${keyport.session.purge-interval:1h}",
            initialDelay = "${keyport.session.purge-initial-delay:1m}")
    void purgeExpiredSessions() {
        try {
            int removed = purge.purge();
            if (removed > 0) {
                LOG.info("removed {} expired sessions", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove expired sessions; will try again at the next interval: {}", e.getMessage());
        }
    }
}
