package dev.keyport.domain.secret;

import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * The opaque refresh token of a session: 256 random bits, base64url. Only its {@link SecretDigest}
 * is stored; {@link #toString()} never reveals the value.
 */
public final class RefreshToken {
    private static final int RANDOM_BYTES = 32;
    private final String value;

    private RefreshToken(String value) {
        this.value = value;
    }

    public static RefreshToken generate(RandomGenerator random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A token as presented by a client; whether it names a session is for the session store to say. */
    public static RefreshToken presented(String value) {
        return new RefreshToken(value);
    }

    public SecretDigest digest() {
        return SecretDigest.of(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "RefreshToken[hidden]";
    }
}
