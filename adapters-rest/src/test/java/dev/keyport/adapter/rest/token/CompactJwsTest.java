package dev.keyport.adapter.rest.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyport.adapter.rest.json.FlatJsonWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token codec without a server: what it writes is what a general JSON parser (Nimbus's, as resource
 * servers use) reads back, every value intact; what it reads is only the one canonical shape.
 */
class CompactJwsTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String segment(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> readBack(String segment) throws Exception {
        return JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "quote \" and backslash \\",
                "new\nline, tab\t, return\r, bell\u0007, nul\u0000, unit separator\u001f",
                "line and paragraph separators \u2028 \u2029",
                "emoji \ud83d\ude00 and accents é ñ",
                "lone high \ud800 surrogate",
                "\udfff lone low surrogate first",
                "http://127.0.0.1:8080",
                ""
            })
    void what_is_written_reads_back_unchanged_through_a_general_json_parser(String value) throws Exception {
        String written = new FlatJsonWriter()
                .string("sub", value)
                .integer("exp", 1_700_000_000L)
                .base64url();

        Map<String, Object> back = readBack(written);
        assertThat(back).containsEntry("sub", value);
        assertThat(((Number) back.get("exp")).longValue()).isEqualTo(1_700_000_000L);
        // and Keyport's own reader agrees
        CompactJws.Members members =
                CompactJws.members(Base64.getUrlDecoder().decode(written)).orElseThrow();
        assertThat(members.string("sub")).contains(value);
        assertThat(members.integer("exp")).contains(1_700_000_000L);
    }

    @Test
    void the_written_json_is_plain_ascii_for_control_and_separator_characters() {
        String written = new FlatJsonWriter().string("v", "a\u0001\u2028\ud800").base64url();
        assertThat(new String(Base64.getUrlDecoder().decode(written), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":\"a\\u0001\\u2028\\uD800\"}");
    }

    @Test
    void a_canonical_token_is_taken_apart() {
        String header = segment("{\"kid\":\"k1\",\"alg\":\"HS256\"}");
        String payload = segment("{\"sub\":\"x\"}");
        String signature = B64.encodeToString(new byte[] {1, 2, 3, 4});
        CompactJws.Parts parts =
                CompactJws.parse(header + "." + payload + "." + signature).orElseThrow();
        assertThat(parts.header().string("kid")).contains("k1");
        assertThat(parts.header().string("alg")).contains("HS256");
        assertThat(new String(parts.signingInput(), StandardCharsets.US_ASCII)).isEqualTo(header + "." + payload);
        assertThat(parts.signature()).containsExactly(1, 2, 3, 4);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"alg\":\"HS256\",\"alg\":\"none\"}", // a member twice
                "{\"alg\":{\"nested\":1}}",
                "{\"alg\":[\"HS256\"]}",
                "{\"alg\":true}",
                "{\"alg\":null}",
                "{\"exp\":1.5}",
                "{\"exp\":1e3}",
                "{\"exp\":99999999999999999999999}",
                "{\"alg\":\"HS256\"} {}",
                "{\"alg\":\"HS256\"",
                "[]",
                "\"alg\"",
                " {\"alg\":\"HS256\"}",
                "\ufeff{\"alg\":\"HS256\"}",
                "{'alg':'HS256'}",
                "{\"alg\":\"HS256\",}",
                "{\"alg\":\"HS256\" /* comment */}",
                ""
            })
    void a_header_that_is_not_one_flat_object_of_strings_and_integers_is_refused(String header) {
        String token = segment(header) + "." + segment("{}") + "." + B64.encodeToString(new byte[] {1});
        assertThat(CompactJws.parse(token)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"})
    void a_header_in_another_encoding_than_utf8_is_refused(String charset) {
        String header = B64.encodeToString("{\"alg\":\"HS256\"}".getBytes(java.nio.charset.Charset.forName(charset)));
        assertThat(CompactJws.parse(header + "." + segment("{}") + ".AQ")).isEmpty();
    }

    @Test
    void an_overlong_or_broken_utf8_sequence_is_refused() {
        byte[] overlongSlash = {'{', '"', 'a', 'l', 'g', '"', ':', '"', 'H', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        byte[] truncated = {'{', '"', 'a', 'l', 'g', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'};
        for (byte[] header : new byte[][] {overlongSlash, truncated}) {
            assertThat(CompactJws.parse(B64.encodeToString(header) + "." + segment("{}") + ".AQ"))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a.b",
                "a.b.c.d",
                ".eyJ9.AQ",
                "e30..AQ",
                "e30.e30.",
                "e30.e30.AQ=",
                "e30.e30.AR", // unused low bits set: a second spelling of AQ
                "e30.e30.A+",
                "e30.e30.A Q",
                "e30.e30.AQ\n"
            })
    void anything_but_three_canonical_base64url_segments_is_refused(String token) {
        assertThat(CompactJws.parse(token)).isEmpty();
    }

    @Test
    void the_same_token_with_a_canonical_signature_is_accepted_so_the_refusals_above_are_for_their_change() {
        assertThat(CompactJws.parse("e30.e30.AQ")).isPresent();
    }

    @Test
    void an_oversized_token_is_refused_before_it_is_decoded() {
        String big = segment("{\"x\":\"" + "a".repeat(9_000) + "\"}");
        assertThat(CompactJws.parse("e30." + big + ".AQ")).isEmpty();
    }

    @Test
    void every_signature_leaves_low_s_and_a_low_s_one_is_unchanged() {
        BigInteger order = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        BigInteger half = order.shiftRight(1);
        Random random = new Random(25);
        for (int i = 0; i < 2_000; i++) {
            byte[] signature = new byte[64];
            random.nextBytes(signature);
            BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64)).mod(order);
            if (i == 0) {
                s = half; // the boundary: the half order itself is low
            } else if (i == 1) {
                s = half.add(BigInteger.ONE);
            }
            byte[] sBytes = s.toByteArray();
            java.util.Arrays.fill(signature, 32, 64, (byte) 0);
            int length = Math.min(sBytes.length, 32);
            System.arraycopy(sBytes, sBytes.length - length, signature, 64 - length, length);

            byte[] low = SignedTokens.lowS(signature);

            BigInteger expected = s.compareTo(half) > 0 ? order.subtract(s) : s;
            assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(low, 32, 64)))
                    .isEqualTo(expected);
            assertThat(java.util.Arrays.copyOfRange(low, 0, 32))
                    .isEqualTo(java.util.Arrays.copyOfRange(signature, 0, 32));
        }
    }
}
