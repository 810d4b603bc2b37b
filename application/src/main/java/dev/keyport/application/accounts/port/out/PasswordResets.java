package dev.keyport.application.accounts.port.out;

import dev.keyport.domain.account.PasswordReset;
import dev.keyport.domain.id.UserId;
import java.util.Optional;

/** The password-reset tokens issued and not used yet; the store keeps only their digests. */
public interface PasswordResets {

    /** Stores the user's new reset token; any earlier one of the user stops working. */
    void replace(PasswordReset reset);

    /**
     * Removes the reset token with this id and returns it: it can be used once, even when two requests race
     * (the one that removed it wins). Must run inside a transaction, so that a refused use puts it back.
     */
    Optional<PasswordReset> take(String tokenId);

    /** Removes every reset token of the user. */
    void removeAllOf(UserId user);

    /** The user's reset token not used yet, if any (expired or not). */
    Optional<PasswordReset> current(UserId user);

    /** Removes up to {@code limit} tokens expired at {@code now}; returns how many. */
    int removeExpired(java.time.Instant now, int limit);
}
