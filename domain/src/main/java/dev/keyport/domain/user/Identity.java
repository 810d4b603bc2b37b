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
}
