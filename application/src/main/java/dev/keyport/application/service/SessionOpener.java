package dev.keyport.application.service;

import dev.keyport.application.port.in.Caller;
import dev.keyport.application.port.in.DeviceHint;
import dev.keyport.application.port.in.OpenedSession;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.RefreshToken;
import dev.keyport.domain.session.Session;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Mints the parts of a new session (ids, refresh token, expiry) for the login use cases. */
final class SessionOpener {
    private final Clock clock;
    private final RandomGenerator random;
    private final SessionPolicy policy;

    SessionOpener(Clock clock, RandomGenerator random, SessionPolicy policy) {
        this.clock = clock;
        this.random = random;
        this.policy = policy;
    }

    /** A session not yet stored, with its refresh token in clear. */
    record Draft(Session session, RefreshToken refreshToken) {
        OpenedSession opened() {
            return new OpenedSession(
                    new Caller(session.id(), session.userId(), session.deviceId(), session.apiKeyId()),
                    refreshToken, session.expiresAt());
        }
    }

    Draft draft(UserId user, DeviceHint device, Optional<ApiKeyId> apiKey) {
        Instant now = clock.instant();
        RefreshToken refreshToken = RefreshToken.generate(random);
        DeviceId deviceId = device.deviceId().orElseGet(() -> DeviceId.generate(now, random));
        Session session = Session.open(SessionId.generate(now, random), user, deviceId, refreshToken.digest(),
                apiKey, now, policy.refreshTokenLifetime());
        return new Draft(session, refreshToken);
    }
}
