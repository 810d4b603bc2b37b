package dev.keyport.domain.account;

import dev.keyport.domain.id.ObjectIdFormat;
import dev.keyport.domain.secret.SecretDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The token and tokenId of a confirmation or password-reset link (App Services' {@code token} and {@code tokenId}):
 * the tokenId names the stored token (24 hex characters), the token is 256 random bits (64 hex characters) shown
 * only in the mail or to the callback. Only its SHA-256 digest is stored ({@link Stored}); a token is single use and
 * lives {@link #LIFETIME} (30 minutes, as in App Services).
 */
public record AccountToken(String token, Stored stored) {
    public static final Duration LIFETIME = Duration.ofMinutes(30);

    public AccountToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(stored, "stored");
    }

    /** What the store keeps of a token: its id, the digest of the token, and when it stops working. */
    public record Stored(String tokenId, SecretDigest digest, Instant expiresAt) {
        public Stored {
            if (!ObjectIdFormat.isValid(tokenId)) {
                throw new IllegalArgumentException("a tokenId is 24 lowercase hex characters");
            }
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** Whether {@code offered} is this token and it has not expired at {@code now}; compares in constant time. */
        public boolean accepts(String offered, Instant now) {
            if (offered == null || offered.length() > 200) {
                return false;
            }
            boolean same = MessageDigest.isEqual(
                    SecretDigest.of(offered).hex().getBytes(StandardCharsets.US_ASCII),
                    digest.hex().getBytes(StandardCharsets.US_ASCII));
            return same & now.isBefore(expiresAt);
        }
    }

    public static AccountToken issue(Instant now, RandomGenerator random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        return new AccountToken(
                token, new Stored(ObjectIdFormat.generate(now, random), SecretDigest.of(token), now.plus(LIFETIME)));
    }

    public String tokenId() {
        return stored.tokenId();
    }

    @Override
    public String toString() {
        return "AccountToken[tokenId=" + stored.tokenId() + ", token hidden]";
    }
}
