package dev.keyport.domain.secret;

import java.math.BigInteger;

/** Base62 (0-9, A-Z, a-z): compact, and a token made of it is selected whole by a double click. */
final class Base62 {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);

    private Base62() {}

    /** Encodes an unsigned number, left-padded with '0' to exactly {@code width} characters. */
    static String encode(BigInteger value, int width) {
        StringBuilder out = new StringBuilder(width);
        BigInteger rest = value;
        while (rest.signum() > 0) {
            BigInteger[] qr = rest.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            rest = qr[0];
        }
        if (out.length() > width) {
            throw new IllegalArgumentException("value does not fit in " + width + " base62 characters");
        }
        while (out.length() < width) {
            out.append('0');
        }
        return out.reverse().toString();
    }

    /** As {@link #encode(BigInteger, int)}, for a non-negative {@code long} (a checksum: no BigInteger on each login). */
    static String encode(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("base62 encodes unsigned values");
        }
        char[] out = new char[width];
        long rest = value;
        for (int i = width - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (rest % 62));
            rest /= 62;
        }
        if (rest != 0) {
            throw new IllegalArgumentException("value does not fit in " + width + " base62 characters");
        }
        return new String(out);
    }

    static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'A' || c > 'Z') && (c < 'a' || c > 'z')) {
                return false;
            }
        }
        return true;
    }
}
