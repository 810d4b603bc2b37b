package dev.keyport.application.customtoken.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.user.User;
import java.util.Objects;

/**
 * The seam for account linking ({@code ?link=true} on the {@code custom-token} login route, built with the accounts
 * work): adds the identity a custom token proves to the calling user, so that an anonymous user keeps its data and
 * becomes a user who can come back (and own API keys). The token passes the same rules as a login. An identity that
 * already belongs to another user is refused and nothing changes; linking the caller's own identity again only
 * refreshes the profile data.
 */
public interface LinkCustomToken {
    /**
     * @return the caller's user with the identity added
     * @throws dev.keyport.domain.error.CustomTokenRefused the token does not pass
     * @throws dev.keyport.domain.error.InvalidParameter the identity belongs to another user
     */
    User link(Command command);

    record Command(Caller caller, String token) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(token, "token");
        }
    }
}
