package dev.keyport.application.sessions.service;

import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.sessions.port.in.RefreshCredential;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.RefreshToken;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.session.Session;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Mints the parts of a new session (ids, refresh token or key-session claims, expiry) for the login
 * use cases (public for the login use cases of other features, such as {@code customtoken}).
 */
public final class SessionOpener {
    private final Clock clock;
    private final RandomGenerator random;
    private final SessionPolicy policy;

    public SessionOpener(Clock clock, RandomGenerator random, SessionPolicy policy) {
        this.clock = clock;
        this.random = random;
        this.policy = policy;
    }

    /** A session not yet stored, with its refresh token in clear. */
    public record Draft(Session session, RefreshToken refreshToken) {
        public OpenedSession opened() {
            return new OpenedSession(
                    Caller.ofStoredSession(session.id(), session.userId(), session.deviceId(), session.apiKeyId()),
                    new RefreshCredential.StoredSession(refreshToken),
                    session.expiresAt());
        }
    }

    /** A session to be stored: a password or anonymous login. */
    public Draft draft(UserId user, DeviceHint device) {
        Instant now = clock.instant();
        RefreshToken refreshToken = RefreshToken.generate(random);
        Session session = Session.open(
                SessionId.generate(now, random),
                user,
                deviceId(device, now),
                refreshToken.digest(),
                Optional.empty(),
                now,
                policy.refreshTokenLifetime());
        return new Draft(session, refreshToken);
    }

    /**
     * A key session, complete as it is: nothing is stored (ADR 0008). It carries the session generation of
     * the value presented (the key's, or its previous value's during a grace period), so that disabling the
     * key, revoking its owner's sessions, or the end of that value ends it.
     */
    OpenedSession keySession(ApiKey key, SecretDigest presented, DeviceHint device, Instant now) {
        Caller caller = Caller.ofKeySession(
                SessionId.generate(now, random),
                key.ownerId(),
                deviceId(device, now),
                key.id(),
                key.sessionGenerationFor(presented));
        Instant expiresAt = now.plus(policy.refreshTokenLifetime());
        return new OpenedSession(caller, new RefreshCredential.KeySession(caller, expiresAt), expiresAt);
    }

    private DeviceId deviceId(DeviceHint device, Instant now) {
        return device.deviceId().orElseGet(() -> DeviceId.generate(now, random));
    }
}
