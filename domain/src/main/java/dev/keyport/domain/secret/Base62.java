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

    static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
