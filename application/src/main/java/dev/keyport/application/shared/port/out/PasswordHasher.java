package dev.keyport.application.shared.port.out;

import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;

/** A deliberately slow, salted one-way password hash. */
public interface PasswordHasher {
    PasswordHash hash(Password password);

    /** Compares in constant time with respect to the hash. */
    boolean matches(Password password, PasswordHash hash);

    /**
     * Whether this hash was made by another scheme, or with weaker parameters, than {@link #hash} uses
     * now. After a successful {@link #matches}, the caller holds the plain password and can store a new
     * hash of it (a transparent rehash on the next login).
     */
    boolean needsRehash(PasswordHash hash);
}
