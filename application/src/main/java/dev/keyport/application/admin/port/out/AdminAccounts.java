package dev.keyport.application.admin.port.out;

import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.user.PasswordHash;
import java.time.Instant;
import java.util.Optional;

/**
 * The admin account: the slow hash of its password (generated, set through the admin API, or taken
 * from configuration) and its sessions. An admin token is honoured only while its session is live,
 * so that signing out and changing the password end it on every instance.
 */
public interface AdminAccounts {

    Optional<PasswordHash> passwordHash(String username);

    /** Stores the hash unless the account already has one; returns whether it was stored. */
    boolean addIfAbsent(String username, PasswordHash hash);

    /**
     * Sets the account's password hash (creating the account if need be) and, in the same atomic
     * step, ends every session of the account at {@code at}: no token issued under the old password
     * survives the change.
     */
    void replacePassword(String username, PasswordHash hash, Instant at);

    void openSession(String username, SessionId session, Instant expiresAt);

    /** Whether the session exists for this account, has not been ended, and has not expired at {@code now}. */
    boolean sessionIsLive(String username, SessionId session, Instant now);

    /** Ends one session (signing out); ending an ended or unknown session changes nothing. */
    void endSession(String username, SessionId session, Instant at);
}
