package dev.keyport.application.port.in;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.User;
import java.util.Objects;
import java.util.Optional;

/** The profile of the user behind a live session. */
public interface GetProfile {
    Profile profile(Query query);

    /** What an access token says: whose session it is. */
    record Query(UserId userId, SessionId sessionId) {
        public Query {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    /** The user, and the key this session logged in with (shown as an extra {@code api-key} identity). */
    record Profile(User user, Optional<ApiKeyId> loggedInWith) {
    }
}
