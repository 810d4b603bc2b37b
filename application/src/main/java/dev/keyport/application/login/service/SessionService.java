package dev.keyport.application.login.service;

import dev.keyport.application.login.port.in.AuthenticateRefreshToken;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.login.port.in.GetProfile;
import dev.keyport.application.login.port.in.LogOut;
import dev.keyport.application.login.port.in.PurgeExpiredSessions;
import dev.keyport.application.login.port.in.RefreshCredential;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.application.login.port.out.EndedSessions;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.session.Session;
import dev.keyport.domain.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * What a session can do once it exists: prove itself, show its user, end. A stored session lives
 * while its row does; a key session (ADR 0008) lives while its key is enabled at the session's
 * generation and no one has ended it.
 */
public final class SessionService implements AuthenticateRefreshToken, LogOut, GetProfile, PurgeExpiredSessions {
    private static final String NO_SUCH_SESSION = "no session has this refresh token";
    /** Sessions deleted per statement, so that a large purge never holds many row locks for long. */
    static final int PURGE_BATCH = 5_000;
    /**
     * An ended session is remembered this long after it would have expired, so that an instance whose
     * clock runs a little behind never meets a token unexpired by its clock whose end was forgotten.
     */
    static final Duration ENDED_SESSION_MARGIN = Duration.ofHours(1);

    private final Sessions sessions;
    private final EndedSessions endedSessions;
    private final ApiKeys apiKeys;
    private final Users users;
    private final Clock clock;

    public SessionService(Sessions sessions, EndedSessions endedSessions, ApiKeys apiKeys, Users users, Clock clock) {
        this.sessions = sessions;
        this.endedSessions = endedSessions;
        this.apiKeys = apiKeys;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Caller authenticate(RefreshCredential credential) {
        return switch (credential) {
            case RefreshCredential.StoredSession stored -> {
                Session session = sessions.findByRefreshToken(stored.secret().digest())
                        .filter(found -> found.isLiveAt(clock.instant()))
                        .orElseThrow(() -> new InvalidSession("invalid or expired refresh token"));
                yield Caller.ofStoredSession(session.id(), session.userId(), session.deviceId(), session.apiKeyId());
            }
            case RefreshCredential.KeySession keySession -> {
                requireLive(keySession.caller(), keySession.expiresAt(), "invalid or expired refresh token");
                yield keySession.caller();
            }
        };
    }

    @Override
    public LoggedOut logOut(RefreshCredential credential) {
        return switch (credential) {
            case RefreshCredential.StoredSession stored -> {
                Session session = sessions.findByRefreshToken(stored.secret().digest())
                        .orElseThrow(() -> new InvalidSession(NO_SUCH_SESSION));
                if (!sessions.remove(session.id())) {
                    throw new InvalidSession(NO_SUCH_SESSION); // a concurrent logout won
                }
                yield new LoggedOut(session.id());
            }
            case RefreshCredential.KeySession keySession -> {
                Caller caller = keySession.caller();
                requireLive(caller, keySession.expiresAt(), NO_SUCH_SESSION);
                if (!endedSessions.end(caller.sessionId(), keySession.expiresAt())) {
                    throw new InvalidSession(NO_SUCH_SESSION); // a concurrent logout won
                }
                yield new LoggedOut(caller.sessionId());
            }
        };
    }

    @Override
    public int purge() {
        Instant now = clock.instant();
        return purgeInBatches(limit -> sessions.removeExpired(now, limit))
                + purgeInBatches(limit -> endedSessions.removeExpired(now.minus(ENDED_SESSION_MARGIN), limit));
    }

    private static int purgeInBatches(IntUnaryOperator removeUpTo) {
        int total = 0;
        int removed;
        do {
            removed = removeUpTo.applyAsInt(PURGE_BATCH);
            total += removed;
        } while (removed == PURGE_BATCH);
        return total;
    }

    @Override
    public Profile profile(Caller caller) {
        String ended = "the session has ended; log in again";
        Optional<ApiKeyId> loggedInWith;
        if (caller.isKeySession()) {
            // The access token's own expiry was checked where it was read; the session's is later.
            requireLive(caller, Instant.MAX, ended);
            loggedInWith = caller.loggedInWith();
        } else {
            loggedInWith = sessions.find(caller.sessionId())
                    .filter(found -> found.userId().equals(caller.userId()) && found.isLiveAt(clock.instant()))
                    .orElseThrow(() -> new InvalidSession(ended))
                    .apiKeyId();
        }
        User user = users.find(caller.userId())
                .orElseThrow(() -> new InvalidSession("the user of this session no longer exists"));
        return new Profile(user, loggedInWith);
    }

    /**
     * A key session lives while it has not expired, its key exists, still belongs to the session's
     * user and admits the session's generation (enabled, and not disabled or revoked since), and no
     * logout ended it.
     */
    private void requireLive(Caller caller, Instant expiresAt, String refusal) {
        ApiKeyId keyId = caller.loggedInWith().orElseThrow();
        long generation = caller.keyGeneration().orElseThrow();
        Instant now = clock.instant();
        boolean live = now.isBefore(expiresAt)
                && apiKeys.find(keyId)
                        .filter(key -> key.ownerId().equals(caller.userId()) && key.admitsSessionsOf(generation, now))
                        .isPresent()
                && !endedSessions.hasEnded(caller.sessionId());
        if (!live) {
            throw new InvalidSession(refusal);
        }
    }
}
