package dev.keyport.adapter.rest.json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A flat JSON object of strings and integers, written member by member in the order written: Keyport's
 * token headers and claims, and the answers of a login and a refresh. Those are written on every login
 * and refresh, where a general serializer's set-up (buffers, generator, introspection) cost more than
 * the writing (issue 25's profile, docs/performance.md); every other answer goes through Micronaut's
 * serializer. Strings are escaped as RFC 8259 says, and U+2028, U+2029 and unpaired surrogates (which
 * UTF-8 cannot carry) are escaped too, so a value is never changed.
 */
public final class FlatJsonWriter {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final StringBuilder json = new StringBuilder(320).append('{');

    public FlatJsonWriter string(String name, String value) {
        separate();
        quoted(name);
        json.append(':');
        quoted(value);
        return this;
    }

    public FlatJsonWriter integer(String name, long value) {
        separate();
        quoted(name);
        json.append(':').append(value);
        return this;
    }

    /** The object's text. */
    public String text() {
        return json.toString() + '}';
    }

    /** The object's UTF-8 bytes. */
    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** The object's UTF-8 bytes, base64url without padding: a JWS header or payload segment. */
    public String base64url() {
        return BASE64URL.encodeToString(bytes());
    }

    private void separate() {
        if (json.length() > 1) {
            json.append(',');
        }
    }

    private void quoted(String value) {
        json.append('"');
        int plain = 0;
        while (plain < value.length() && !needsEscape(value, plain)) {
            plain++;
        }
        json.append(value, 0, plain); // ids, tokens and URLs: all of it, in one copy
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (needsEscape(value, i)) {
                        json.append("\\u")
                                .append(HEX[c >> 12])
                                .append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF])
                                .append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static boolean needsEscape(String value, int i) {
        char c = value.charAt(i);
        if (c >= 0x20 && c < 0x7F) {
            return c == '"' || c == '\\';
        }
        return c < 0x20 || c == '\u2028' || c == '\u2029' || ClientText.unpairedSurrogateAt(value, i);
    }
}
