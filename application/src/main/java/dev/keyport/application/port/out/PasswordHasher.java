package dev.keyport.application.port.out;

import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;

/** A deliberately slow, salted one-way password hash. */
public interface PasswordHasher {
    PasswordHash hash(Password password);

    /** Compares in constant time with respect to the hash. */
    boolean matches(Password password, PasswordHash hash);
}
