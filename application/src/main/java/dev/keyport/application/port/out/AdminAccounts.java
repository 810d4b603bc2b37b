package dev.keyport.application.port.out;

import dev.keyport.domain.user.PasswordHash;
import java.util.Optional;

/** Where the hash of a generated admin password is kept (a configured password is never stored). */
public interface AdminAccounts {

    Optional<PasswordHash> passwordHash(String username);

    /** Stores the hash unless the account already has one; returns whether it was stored. */
    boolean addIfAbsent(String username, PasswordHash hash);
}
