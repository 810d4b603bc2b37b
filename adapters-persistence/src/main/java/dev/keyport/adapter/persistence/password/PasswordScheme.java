package dev.keyport.adapter.persistence.password;

import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.domain.user.PasswordHash;

/**
 * One way of hashing passwords, which knows its own hashes by their self-describing prefix. Its
 * {@link #needsRehash} is true for any hash it did not make with its current parameters, hashes of
 * other schemes included.
 */
public interface PasswordScheme extends PasswordHasher {

    /** Whether this hash was made by this scheme (whatever its parameters). */
    boolean recognizes(PasswordHash hash);
}
