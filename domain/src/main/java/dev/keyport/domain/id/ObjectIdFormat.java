package dev.keyport.domain.id;

import java.time.Instant;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The identifier format of the App Services protocol: 24 lowercase hex characters,
 * the first 4 bytes a big-endian seconds timestamp and the other 8 random (like a MongoDB ObjectId).
 */
public final class ObjectIdFormat {
    private static final HexFormat HEX = HexFormat.of();

    private ObjectIdFormat() {}

    public static boolean isValid(String candidate) {
        return LowercaseHex.is(candidate, 24);
    }

    public static String generate(Instant now, RandomGenerator random) {
        byte[] bytes = new byte[12];
        int seconds = (int) now.getEpochSecond();
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        long tail = random.nextLong();
        for (int i = 0; i < 8; i++) {
            bytes[4 + i] = (byte) (tail >>> (56 - 8 * i));
        }
        return HEX.formatHex(bytes);
    }

    static String require(String candidate, String what) {
        if (!isValid(candidate)) {
            throw new dev.keyport.domain.error.InvalidParameter(what, "must be 24 lowercase hexadecimal characters");
        }
        return candidate;
    }
}
