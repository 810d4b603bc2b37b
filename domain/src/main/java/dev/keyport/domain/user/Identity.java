package dev.keyport.domain.user;

import dev.keyport.domain.id.IdentityId;
import java.util.Objects;

/**
 * One way a user logs in: the provider, and the provider's own id for this user
 * (the email address for {@code local-userpass}, the key id for {@code api-key}).
 */
public record Identity(IdentityId id, AuthProvider provider, String providerUserId) {
    public Identity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerUserId, "providerUserId");
    }

    /**
     * An identity another system vouches for ({@code custom-token}): unique by its issuer (empty when the token
     * names none) and the subject, the issuer's id of the user, which is the identity's {@code providerUserId}.
     */
    public record External(AuthProvider provider, String issuer, String subject) {
        public External {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(subject, "subject");
        }

        public Identity withId(IdentityId id) {
            return new Identity(id, provider, subject);
        }
    }
}
