package dev.keyport.adapter.rest.json;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one rule every piece of client text obeys before anything reads it (JSON strings and member names,
 * form fields, path segments and query values): no control characters (Unicode category Cc: U+0000 to
 * U+001F, U+007F to U+009F) and no unpaired UTF-16 surrogates. PostgreSQL refuses U+0000 in text, and
 * an unpaired surrogate has no UTF-8 form, so either would otherwise fail deep inside a use case as a
 * 500 (the admin login's throttle key did); no field of the protocol has a use for them.
 */
public final class ClientText {
    private ClientText() {}

    /** Why this text is refused, or {@code null} when it is acceptable. */
    public static String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters";
            }
            if (unpairedSurrogateAt(text, i)) {
                return "must not contain unpaired surrogates";
            }
        }
        return null;
    }

    /** Whether the char at {@code i} is a surrogate without its other half (which has no UTF-8 form). */
    public static boolean unpairedSurrogateAt(CharSequence text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }

    /**
     * {@code bytes} as text if they are well-formed UTF-8 (no overlong form, no encoded surrogate, no
     * truncated sequence), else {@code null}: nothing is guessed or replaced.
     */
    public static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Percent-decoded text ({@code +} as a space when {@code plusIsSpace}, as in form bodies), or {@code null} when a
     * {@code %} is not followed by two hex digits or the bytes are not UTF-8 (an encoded surrogate such as
     * {@code %ED%A0%80}, an overlong {@code %C0%80}): nothing is guessed or replaced.
     */
    public static String percentDecoded(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int codePoint = raw.codePointAt(i);
                if (Character.isSurrogate((char) codePoint)) {
                    return null; // an unpaired surrogate has no UTF-8 form
                }
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return strictUtf8(bytes.toByteArray());
    }
}
