package dev.keyport.adapter.schedule;

import dev.keyport.application.signingkeys.port.in.RotateAccessTokenKey;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks {@link RotateAccessTokenKey} every {@code keyport.tokens.rotation-check-interval} (default 1 h)
 * whether the access-token key is due for rotation, and lets it forget keys no token can need. Every
 * instance runs it; two instances rotating at once publish two waiting keys, and the newer one signs.
 */
@Singleton
final class SigningKeyRotationSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeyRotationSchedule.class);

    private final RotateAccessTokenKey rotation;

    SigningKeyRotationSchedule(Jobs jobs) {
        this.rotation = jobs.rotateSigningKey();
    }

    @Scheduled(
            fixedDelay = "${keyport.tokens.rotation-check-interval:1h}",
            initialDelay = "${keyport.tokens.rotation-check-initial-delay:1m}")
    void rotateIfDue() {
        try {
            rotation.rotateIfDue()
                    .ifPresent(key -> LOG.info(
                            "rotated the access-token key: {} is published and signs from {}",
                            key.kid(),
                            key.signsFrom()));
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not check the access-token key rotation; will try again at the next interval: {}",
                    e.getMessage());
        }
    }
}
