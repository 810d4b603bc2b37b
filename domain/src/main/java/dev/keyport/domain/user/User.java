package dev.keyport.domain.user;

import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.id.UserId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone (or some service) that can log in. A user has one or more identities; a user whose only
 * identity is anonymous is an anonymous user. {@code data} is the profile data an identity provider's token
 * mapped ({@code custom-token} metadata fields), refreshed at each such login; empty for other users.
 */
public record User(
        UserId id,
        UserType type,
        List<Identity> identities,
        Optional<Email> email,
        Instant createdAt,
        Map<String, Object> data) {
    public User {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(data, "data")));
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        identities = List.copyOf(identities);
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a user has at least one identity");
        }
    }

    public User(UserId id, UserType type, List<Identity> identities, Optional<Email> email, Instant createdAt) {
        this(id, type, identities, email, createdAt, Map.of());
    }

    public boolean isAnonymous() {
        return identities.stream().allMatch(identity -> identity.provider() == AuthProvider.ANON_USER);
    }

    /**
     * User API keys belong to people who can come back: not to anonymous users (their account is
     * tied to one device) and not to server users (they exist only behind a server key).
     */
    public void requireCanOwnUserKeys() {
        if (type == UserType.SERVER) {
            throw new OwnerCannotHoldKeys(OwnerCannotHoldKeys.Reason.SERVER_USER);
        }
        if (isAnonymous()) {
            throw new OwnerCannotHoldKeys(OwnerCannotHoldKeys.Reason.ANONYMOUS_USER);
        }
    }
}
