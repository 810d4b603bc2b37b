package dev.keyport.adapter.persistence.password;

import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK, at OWASP's recommended 600,000 iterations by default
 * ({@code keyport.password.iterations}), with a 16-byte random salt and a 32-byte hash. Stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64), so the iteration count can be raised
 * later without breaking existing hashes. It lives with persistence because it defines how a
 * password is kept at rest. Argon2id replaced it as the default (ADR 0009); it still verifies the
 * hashes made before, which are rehashed on their owners' next login, and it can be chosen again with
 * {@code keyport.password.algorithm: pbkdf2-sha256} where FIPS 140 validation is required.
 */
public final class Pbkdf2PasswordHasher implements PasswordScheme {
    public static final int OWASP_ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = SaltSource.create();

    public Pbkdf2PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    @Override
    public PasswordHash hash(Password password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return new PasswordHash(
                SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash));
    }

    @Override
    public boolean matches(Password password, PasswordHash stored) {
        return parse(stored)
                .map(parsed ->
                        MessageDigest.isEqual(parsed.hash(), derive(password, parsed.salt(), parsed.iterations())))
                .orElse(false);
    }

    @Override
    public boolean needsRehash(PasswordHash stored) {
        return parse(stored).map(parsed -> parsed.iterations() < iterations).orElse(true);
    }

    @Override
    public boolean recognizes(PasswordHash stored) {
        return stored.encoded().startsWith(SCHEME + "$");
    }

    /** A stored hash taken apart; empty when it is not a usable hash of this scheme. */
    private static Optional<Stored> parse(PasswordHash stored) {
        String[] parts = stored.encoded().split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            Stored parsed = new Stored(
                    Integer.parseInt(parts[1]),
                    Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
            return parsed.iterations() > 0 && parsed.hash().length > 0 ? Optional.of(parsed) : Optional.empty();
        } catch (IllegalArgumentException unusable) {
            return Optional.empty();
        }
    }

    private record Stored(int iterations, byte[] salt, byte[] hash) {}

    private static byte[] derive(Password password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.reveal().toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
