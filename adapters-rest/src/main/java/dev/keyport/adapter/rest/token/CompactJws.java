package dev.keyport.adapter.rest.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.keyport.adapter.rest.json.ClientText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The compact serialization of a JWS (RFC 7515) whose header and claims are flat JSON objects of strings
 * and integers: the shape of every token Keyport issues. Written and read here, not through a general
 * JOSE library, because a key login issues two tokens and a refresh reads one and issues one: with a
 * general library's claim maps, reflective JSON and own Base64, making a token cost several times its
 * AWS-LC signature (issue 25's profile, docs/performance.md). What this class does not do is left to
 * {@link SignedTokens}, which decides what a token must hold: algorithms, keys, types, expiry.
 *
 * <p>Reading is strict, since a token's header is read before its signature is checked: exactly three
 * segments of canonical unpadded base64url (one spelling per token), each JSON object flat, with no
 * member named twice and no other value than a string or an integer in the range of a {@code long}.
 */
final class CompactJws {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Longer segments are refused before they are decoded (Keyport's own tokens are well under 1 KiB). */
    private static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private CompactJws() {}

    /** {@code header.payload}: the bytes a token's signature covers. */
    static byte[] signingInput(String header, String payload) {
        return (header + '.' + payload).getBytes(StandardCharsets.US_ASCII);
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * A token taken apart: its header's members, the bytes its signature covers, its payload (not yet
     * read: that waits until the signature is checked) and its signature.
     */
    record Parts(Members header, byte[] signingInput, byte[] payload, byte[] signature) {}

    /** The parts of {@code token}, or empty if it is not one canonical compact JWS with a flat JSON header. */
    static Optional<Parts> parse(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        byte[] header = canonical(token, 0, first);
        byte[] payload = canonical(token, first + 1, second);
        byte[] signature = canonical(token, second + 1, token.length());
        if (header == null || payload == null || signature == null) {
            return Optional.empty();
        }
        return members(header)
                .map(members -> new Parts(
                        members, token.substring(0, second).getBytes(StandardCharsets.US_ASCII), payload, signature));
    }

    /**
     * The bytes of {@code token[from, to)} if it is canonical unpadded base64url, else null. A lenient
     * decoder ignores the unused low bits of the last character, so re-encoding is what catches a second
     * spelling; the decoder itself refuses characters outside the alphabet and padding.
     */
    static byte[] canonical(String token, int from, int to) {
        String segment = token.substring(from, to);
        try {
            byte[] bytes = DECODER.decode(segment);
            return ENCODER.encodeToString(bytes).equals(segment) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The members of a flat JSON object of strings and integers; empty for anything else. */
    static Optional<Members> members(byte[] json) {
        // strictly UTF-8: Jackson would detect UTF-16 and UTF-32 by itself, and read an overlong sequence
        String text = ClientText.strictUtf8(json);
        if (text == null || text.isEmpty() || text.charAt(0) != '{') { // no byte-order mark, no leading white space
            return Optional.empty();
        }
        Map<String, Object> members = new HashMap<>();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    members.put(name, parser.getText());
                } else if (value == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    members.put(name, parser.getLongValue());
                } else {
                    return Optional.empty();
                }
            }
            return parser.nextToken() == null ? Optional.of(new Members(members)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A flat JSON object's members: each a {@code String} or a {@code Long}. */
    record Members(Map<String, Object> values) {
        Members {
            values = Map.copyOf(values);
        }

        /** The string member {@code name}: empty when absent, and also when it is a number. */
        Optional<String> string(String name) {
            return values.get(name) instanceof String value ? Optional.of(value) : Optional.empty();
        }

        /** The integer member {@code name}: empty when absent, and also when it is a string. */
        Optional<Long> integer(String name) {
            return values.get(name) instanceof Long value ? Optional.of(value) : Optional.empty();
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        /** True if every member is one of {@code names}. */
        boolean onlyOf(java.util.Set<String> names) {
            return names.containsAll(values.keySet());
        }
    }
}
