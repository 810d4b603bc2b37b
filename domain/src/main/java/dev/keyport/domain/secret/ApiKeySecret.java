package dev.keyport.domain.secret;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;

/**
 * The value of an API key, shown to its owner once and then only ever stored as a {@link SecretDigest}.
 *
 * <p>Format: {@code kpk_} + 43 base62 characters (256 random bits) + 6 base62 characters of CRC32
 * over everything before them; 53 characters in all, for example
 * {@code kpk_0Fq...Zr1x9A}. The fixed prefix lets secret scanners and support staff recognise a
 * Keyport key; the checksum lets Keyport refuse a mistyped or truncated key without a database
 * round trip. The checksum is not a security feature: the 256 random bits are.
 */
public final class ApiKeySecret {
    public static final String PREFIX = "kpk_";
    static final int BODY_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + BODY_LENGTH + CHECKSUM_LENGTH;
    private static final int RANDOM_BYTES = 32;

    private final String value;

    private ApiKeySecret(String value) {
        this.value = value;
    }

    public static ApiKeySecret generate(RandomGenerator random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String head = PREFIX + Base62.encode(new BigInteger(1, bytes), BODY_LENGTH);
        return new ApiKeySecret(head + checksum(head));
    }

    /**
     * Reads a key as presented by a client. Empty when it cannot be a Keyport key (wrong prefix,
     * length, alphabet or checksum); such a key is refused exactly like an unknown one.
     */
    public static Optional<ApiKeySecret> parse(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String head = candidate.substring(0, LENGTH - CHECKSUM_LENGTH);
        String rest = candidate.substring(PREFIX.length());
        if (!Base62.isBase62(rest) || !checksum(head).equals(candidate.substring(head.length()))) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeySecret(candidate));
    }

    private static String checksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }

    public SecretDigest digest() {
        return SecretDigest.of(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ApiKeySecret[hidden]";
    }
}
