package dev.keyport.adapter.persistence.password;

import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hashes with the current scheme and verifies hashes of every scheme it knows, so that a change of
 * scheme (PBKDF2 to Argon2id) or of parameters needs no migration: old hashes keep working and are
 * reported by {@link #needsRehash} until the login service replaces them.
 */
public final class CurrentSchemePasswordHasher implements PasswordHasher {
    private final PasswordScheme current;
    private final List<PasswordScheme> readable;

    /** {@code current} makes new hashes; it and {@code older} are tried, in that order, to verify. */
    public CurrentSchemePasswordHasher(PasswordScheme current, PasswordScheme... older) {
        this.current = current;
        this.readable = Stream.concat(Stream.of(current), Arrays.stream(older)).toList();
    }

    @Override
    public PasswordHash hash(Password password) {
        return current.hash(password);
    }

    @Override
    public boolean matches(Password password, PasswordHash hash) {
        for (PasswordScheme scheme : readable) {
            if (scheme.recognizes(hash)) {
                return scheme.matches(password, hash);
            }
        }
        return false;
    }

    @Override
    public boolean needsRehash(PasswordHash hash) {
        return current.needsRehash(hash); // true for other schemes' hashes too (PasswordScheme)
    }
}
