package dev.keyport.application.sessions.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.UserId;
import java.util.Objects;

/**
 * An admin ends every session of one user: stored sessions are deleted, and the session generation
 * of each of the user's keys moves on, which ends every key session on every instance. The user and
 * the keys stay; new logins work.
 */
public interface RevokeUserSessions {
    /** @throws UserNotFound when there is no such user */
    Revoked revoke(Command command);

    record Command(AdminCaller admin, UserId userId) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** @param storedSessions stored sessions deleted; @param keys keys whose sessions were ended */
    record Revoked(int storedSessions, int keys) {}
}
