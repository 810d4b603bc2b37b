package dev.keyport.application.sessions.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.user.User;
import java.util.Optional;

/** The profile of the user behind a live session. */
public interface GetProfile {
    /** @param caller what an access token says: whose session it is, and for a key session, which key */
    Profile profile(Caller caller);

    /** The user, and the key this session logged in with (shown as an extra {@code api-key} identity). */
    record Profile(User user, Optional<ApiKeyId> loggedInWith) {}
}
