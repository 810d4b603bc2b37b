package dev.keyport.application.customtoken.port.out;

import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import java.util.Map;
import java.util.Optional;

/**
 * Users found by an identity another system vouches for: the identity provider's issuer and its id of the user
 * ({@code sub}), which together are unique (a database constraint backs it).
 */
public interface ExternalIdentities {

    Optional<UserId> findUser(Identity.External identity);

    /**
     * Stores a new user whose identities include {@code identity}.
     *
     * @throws IdentityTaken when that identity already belongs to a user (a concurrent first login won)
     */
    void addUser(User user, Identity.External identity);

    /**
     * Adds {@code identity} to an existing user (linking).
     *
     * @throws IdentityTaken when it already belongs to a user
     */
    void attach(UserId user, Identity.External identity);

    /** Replaces the user's profile data (the metadata the last token mapped). */
    void replaceData(UserId user, Map<String, Object> data);

    /** The identity already belongs to a user. */
    final class IdentityTaken extends RuntimeException {
        public IdentityTaken() {
            super("the identity already belongs to a user", null, false, false);
        }
    }
}
