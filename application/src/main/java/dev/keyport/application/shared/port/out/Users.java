package dev.keyport.application.shared.port.out;

import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import java.time.Instant;
import java.util.List;
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

    /**
     * Removes the user with everything that is theirs (identities, keys, sessions); {@code true} if it existed.
     * The keys stop logging in at once on this instance and within the revocation bound on every other.
     */
    boolean remove(UserId id);

    // --- issue 24: account state and linking ---------------------------------------------------------

    /** Whether an admin disabled the user (empty: no such user). */
    Optional<Boolean> isDisabled(UserId id);

    /**
     * Disables or enables the user; {@code true} if the user exists. While a user is disabled, the store refuses
     * to add a session for them ({@link Sessions#add} throws {@link dev.keyport.domain.error.UserDisabled}),
     * also against a login that checked a moment before, and {@link
     * dev.keyport.application.userkeys.port.out.ApiKeys#findByDigest}, {@code find} and {@code findCurrent}
     * find none of their keys (on every instance within the revocation bound; the caller moves the keys' session
     * generations on in the same transaction, which is what tells the other instances' views).
     */
    boolean setDisabled(UserId id, boolean disabled);

    /**
     * Records the user's first login, when there was none; {@code false} when the user no longer exists (it was
     * deleted, or merged into another by a link, since the login read the account). Waits for a link that holds the
     * user ({@link dev.keyport.application.userkeys.port.out.ApiKeys#lockRing}).
     */
    boolean markLoggedIn(UserId id, Instant at);

    /**
     * Adds an email/password identity to an existing user (a link): the identity, the email and the hash.
     *
     * @throws EmailAlreadyRegistered when the email address already has an account
     */
    void linkPassword(UserId id, Identity identity, Email email, PasswordHash passwordHash);

    /** Up to {@code limit} users in id order, after {@code after} when given, each with their state. */
    List<ListedUser> list(Optional<UserId> after, int limit);

    /** A user as the admin's list shows them. */
    record ListedUser(User user, boolean disabled) {}

    /**
     * The email/password credentials of one user, with what a login and a link need to know about the account:
     * whether it is disabled, and whether it ever logged in (a registration that never did may be linked to
     * another user, as in App Services, where it is not a user until its first login).
     */
    record PasswordAccount(UserId userId, PasswordHash passwordHash, boolean disabled, boolean loggedInBefore) {
        public PasswordAccount(UserId userId, PasswordHash passwordHash) {
            this(userId, passwordHash, false, false);
        }
    }
}
