package dev.keyport.application.shared.port.out;

import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import java.util.Optional;

/** Where users and their identities are kept. */
public interface Users {

    /** Stores a new user with its identities. */
    void add(User user);

    /**
     * Stores a new email/password user. The store guarantees one account per email address, also
     * under concurrent registrations.
     *
     * @throws EmailAlreadyRegistered when the email address already has an account
     */
    void addWithPassword(User user, Email email, PasswordHash passwordHash);

    Optional<User> find(UserId id);

    Optional<PasswordAccount> findPasswordAccount(Email email);

    /** The user who registered with this email address. */
    Optional<User> findByEmail(Email email);

    /**
     * Replaces a user's password hash, but only if it is still {@code current}: a rehash after a login
     * never overwrites a hash that changed in the meantime. Returns whether it was replaced.
     */
    boolean replacePasswordHash(UserId id, PasswordHash current, PasswordHash replacement);

    /** Removes the user with everything that is theirs (identities, keys, sessions); {@code true} if it existed. */
    boolean remove(UserId id);

    /** The email/password credentials of one user. */
    record PasswordAccount(UserId userId, PasswordHash passwordHash) {
    }
}
