package dev.keyport.application.service;

import dev.keyport.application.port.in.AuthenticateRefreshToken;
import dev.keyport.application.port.in.Caller;
import dev.keyport.application.port.in.GetProfile;
import dev.keyport.application.port.in.LogOut;
import dev.keyport.application.port.in.PurgeExpiredSessions;
import dev.keyport.application.port.out.Sessions;
import dev.keyport.application.port.out.Users;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.secret.RefreshToken;
import dev.keyport.domain.session.Session;
import dev.keyport.domain.user.User;
import java.time.Clock;

/** What a session can do once it exists: prove itself, show its user, end. */
public final class SessionService implements AuthenticateRefreshToken, LogOut, GetProfile, PurgeExpiredSessions {
    private static final String NO_SUCH_SESSION = "no session has this refresh token";
    /** Sessions deleted per statement, so that a large purge never holds many row locks for long. */
    static final int PURGE_BATCH = 5_000;

    private final Sessions sessions;
    private final Users users;
    private final Clock clock;

    public SessionService(Sessions sessions, Users users, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Caller authenticate(RefreshToken refreshToken) {
        Session session = sessions.findByRefreshToken(refreshToken.digest())
                .filter(found -> found.isLiveAt(clock.instant()))
                .orElseThrow(() -> new InvalidSession("invalid or expired refresh token"));
        return new Caller(session.id(), session.userId(), session.deviceId(), session.apiKeyId());
    }

    @Override
    public LoggedOut logOut(RefreshToken refreshToken) {
        Session session = sessions.findByRefreshToken(refreshToken.digest())
                .orElseThrow(() -> new InvalidSession(NO_SUCH_SESSION));
        if (!sessions.remove(session.id())) {
            throw new InvalidSession(NO_SUCH_SESSION); // a concurrent logout won
        }
        return new LoggedOut(session.id());
    }

    @Override
    public int purge() {
        int total = 0;
        int removed;
        do {
            removed = sessions.removeExpired(clock.instant(), PURGE_BATCH);
            total += removed;
        } while (removed == PURGE_BATCH);
        return total;
    }

    @Override
    public Profile profile(Query query) {
        Session session = sessions.find(query.sessionId())
                .filter(found -> found.userId().equals(query.userId()) && found.isLiveAt(clock.instant()))
                .orElseThrow(() -> new InvalidSession("the session has ended; log in again"));
        User user = users.find(query.userId())
                .orElseThrow(() -> new InvalidSession("the user of this session no longer exists"));
        return new Profile(user, session.apiKeyId());
    }
}
