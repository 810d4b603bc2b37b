package dev.keyport.application;

import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/** A salted SHA-256 for use-case tests only: fast, and obviously not the production hasher. */
public final class FastTestPasswordHasher implements PasswordHasher {
    private final String scheme;

    public FastTestPasswordHasher() {
        this("test");
    }

    /** A hasher whose hashes carry this scheme name; it verifies any scheme and asks to rehash the others. */
    public FastTestPasswordHasher(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public PasswordHash hash(Password password) {
        String salt = UUID.randomUUID().toString();
        return new PasswordHash(scheme + "$" + salt + "$"
                + SecretDigest.of(salt + password.reveal()).hex());
    }

    @Override
    public boolean matches(Password password, PasswordHash hash) {
        String[] parts = hash.encoded().split("\\$");
        String expected = SecretDigest.of(parts[1] + password.reveal()).hex();
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean needsRehash(PasswordHash hash) {
        return !hash.encoded().startsWith(scheme + "$");
    }
}
