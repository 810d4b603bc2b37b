package dev.keyport.domain.secret;

import dev.keyport.domain.id.LowercaseHex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digest of a high-entropy secret (an API key value or a refresh token), in lowercase hex.
 * This is the only form in which such secrets are stored and looked up. A fast hash is right here:
 * the secrets carry at least 256 bits of randomness, so there is nothing for a slow hash to protect
 * against that brute force could reach (passwords, which are guessable, use a slow hash instead).
 */
public record SecretDigest(String hex) {
    public SecretDigest {
        if (!LowercaseHex.is(hex, 64)) {
            throw new IllegalArgumentException("a secret digest is 64 lowercase hex characters");
        }
    }

    public static SecretDigest of(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new SecretDigest(HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
