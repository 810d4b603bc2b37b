package dev.keyport.application.accounts.port.out;

import dev.keyport.domain.account.AccountToken;
import dev.keyport.domain.account.PendingRegistration;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.user.Email;
import java.util.List;
import java.util.Optional;

/** Registrations waiting for their confirmation (ADR 0022); one per email address. */
public interface PendingRegistrations {

    /**
     * Stores a new pending registration.
     *
     * @throws EmailAlreadyRegistered when the email address already has one (also under concurrent registrations)
     */
    void add(PendingRegistration registration);

    Optional<PendingRegistration> find(Email email);

    /** The registration whose current confirmation token has this id. */
    Optional<PendingRegistration> findByTokenId(String tokenId);

    /** Gives the registration a new confirmation token (the previous one stops working); false if there is none. */
    boolean replaceToken(Email email, AccountToken.Stored token);

    /** Removes it (confirmed, or refused); must run inside a transaction. True if it existed. */
    boolean remove(Email email);

    /** The oldest first, at most {@code limit}. */
    List<PendingRegistration> list(int limit);
}
