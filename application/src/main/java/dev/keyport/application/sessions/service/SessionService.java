package dev.keyport.application.sessions.service;

import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.sessions.port.in.AuthenticateRefreshToken;
import dev.keyport.application.sessions.port.in.GetProfile;
import dev.keyport.application.sessions.port.in.LogOut;
import dev.keyport.application.sessions.port.in.PurgeExpiredSessions;
import dev.keyport.application.sessions.port.in.RefreshCredential;
import dev.keyport.application.sessions.port.in.VerifySession;
import dev.keyport.application.sessions.port.out.EndedSessions;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.ServerKeyRoster;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.session.Session;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
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
public final class SessionService
        implements AuthenticateRefreshToken, LogOut, GetProfile, PurgeExpiredSessions, VerifySession {
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
    private final ServerApiKeys serverKeys;
    private final Users users;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final SessionPolicy policy;
    private final Clock clock;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public SessionService(
            Sessions sessions,
            EndedSessions endedSessions,
            ApiKeys apiKeys,
            ServerApiKeys serverKeys,
            Users users,
            Transactions transactions,
            AuditTrail audit,
            SessionPolicy policy,
            Clock clock) {
        this.sessions = sessions;
        this.endedSessions = endedSessions;
        this.apiKeys = apiKeys;
        this.serverKeys = serverKeys;
        this.users = users;
        this.transactions = transactions;
        this.audit = audit;
        this.policy = policy;
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
            case RefreshCredential.KeySession keySession ->
                transactions.inTransaction(() -> {
                    Caller caller = keySession.caller();
                    ApiKey key = requireLive(caller, keySession.expiresAt(), NO_SUCH_SESSION);
                    if (endedSessions.countOf(key.id()) >= policy.maxEndedSessionsPerKey()) {
                        endEverySessionOf(key);
                    } else if (!endedSessions.end(caller.sessionId(), key.id(), keySession.expiresAt())) {
                        throw new InvalidSession(NO_SUCH_SESSION); // a concurrent logout won
                    }
                    return new LoggedOut(caller.sessionId());
                });
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
    public void requireLive(Caller caller) {
        liveSessionKey(caller);
    }

    /** The key the live session was opened with, if any; refused when the session has ended. */
    private Optional<ApiKeyId> liveSessionKey(Caller caller) {
        String ended = "the session has ended; log in again";
        if (caller.isKeySession()) {
            // The access token's own expiry was checked where it was read; the session's is later.
            requireLive(caller, Instant.MAX, ended);
            return caller.loggedInWith();
        }
        return sessions.find(caller.sessionId())
                .filter(found -> found.userId().equals(caller.userId()) && found.isLiveAt(clock.instant()))
                .orElseThrow(() -> new InvalidSession(ended))
                .apiKeyId();
    }

    @Override
    public Profile profile(Caller caller) {
        Optional<ApiKeyId> loggedInWith = liveSessionKey(caller);
        User user = users.find(caller.userId())
                .orElseThrow(() -> new InvalidSession("the user of this session no longer exists"));
        return new Profile(user, loggedInWith);
    }

    /**
     * The bound on remembered logouts is reached: this logout ends every session of the key instead, by moving
     * its session generation on (as an admin's revocation does), and the key's records are forgotten, since
     * every session they name has ended anyway. The key stays enabled; its devices log in again.
     */
    private void endEverySessionOf(ApiKey key) {
        User owner = users.find(key.ownerId()).orElseThrow(() -> new InvalidSession(NO_SUCH_SESSION));
        if (owner.type() == UserType.SERVER) {
            ServerKeyRoster roster = serverKeys.lockRoster();
            roster.endSessions(key.id());
            serverKeys.save(roster);
        } else {
            KeyRing ring = apiKeys.lockRing(owner.id());
            ring.endSessions(key.id());
            apiKeys.save(ring);
        }
        endedSessions.forgetAllOf(key.id());
        audit.record(new KeyEvent.SessionsEnded(clock.instant(), key.id(), policy.maxEndedSessionsPerKey()));
    }

    /**
     * A key session lives while it has not expired, its key exists, still belongs to the session's
     * user and admits the session's generation (enabled, not disabled or revoked since, and the value it was
     * opened with still accepted), and no logout ended it. Answers the key.
     */
    private ApiKey requireLive(Caller caller, Instant expiresAt, String refusal) {
        ApiKeyId keyId = caller.loggedInWith().orElseThrow();
        long generation = caller.keyGeneration().orElseThrow();
        Instant now = clock.instant();
        return Optional.of(keyId)
                .filter(id -> now.isBefore(expiresAt))
                .flatMap(apiKeys::find)
                .flatMap(key -> viewIsBehind(key, generation) ? apiKeys.findCurrent(keyId) : Optional.of(key))
                .filter(key -> key.ownerId().equals(caller.userId()) && key.admitsSessionsOf(generation, now))
                .filter(key -> !endedSessions.hasEnded(keyId, caller.sessionId()))
                .orElseThrow(() -> new InvalidSession(refusal));
    }

    /**
     * Whether this instance's view of the key must be behind a change committed elsewhere an instant ago, so that the
     * store itself is asked: the session names a generation the key has not reached (a roll there, and a session
     * opened with the new value), or the key's current generation while the key is disabled here (disabling moves
     * the generation on, so such a session was opened after a re-enable there). Neither happens with an up-to-date
     * view, so a refused session costs no read.
     */
    private static boolean viewIsBehind(ApiKey key, long generation) {
        return generation > key.sessionGeneration() || key.disabled() && generation == key.sessionGeneration();
    }
}
