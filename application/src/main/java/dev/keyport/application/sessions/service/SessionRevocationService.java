package dev.keyport.application.sessions.service;

import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.sessions.port.in.RevokeUserSessions;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.ServerKeyRoster;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserEvent;
import dev.keyport.domain.user.UserType;
import java.time.Clock;

/**
 * An admin revokes all of a user's sessions. In one transaction: the user's stored sessions are
 * deleted and every key the user holds (a normal user's key ring, or a server user's one key) moves
 * to its next session generation, which ends the key sessions (ADR 0008).
 */
public final class SessionRevocationService implements RevokeUserSessions {
    private final Users users;
    private final ApiKeys apiKeys;
    private final ServerApiKeys serverKeys;
    private final Sessions sessions;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;

    public SessionRevocationService(
            Users users,
            ApiKeys apiKeys,
            ServerApiKeys serverKeys,
            Sessions sessions,
            Transactions transactions,
            AuditTrail audit,
            Clock clock) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.serverKeys = serverKeys;
        this.sessions = sessions;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Revoked revoke(Command command) {
        Revoked revoked = transactions.inTransaction(() -> {
            User user = users.find(command.userId()).orElseThrow(UserNotFound::new);
            int keys;
            if (user.type() == UserType.SERVER) {
                ServerKeyRoster roster = serverKeys.lockRoster();
                keys = 0;
                for (ApiKey key : roster.keys()) {
                    if (key.ownerId().equals(user.id())) {
                        roster.endSessions(key.id());
                        keys++;
                    }
                }
                serverKeys.save(roster);
            } else {
                KeyRing ring = apiKeys.lockRing(user.id());
                keys = ring.endAllSessions().size();
                apiKeys.save(ring);
            }
            Revoked done = new Revoked(sessions.removeAllOf(user.id()), keys);
            audit.record(new UserEvent.SessionsRevoked(
                    clock.instant(), command.admin().actor(), command.userId(), done.storedSessions(), done.keys()));
            return done;
        });
        return revoked;
    }
}
