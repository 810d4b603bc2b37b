package dev.keyport.adapter.rest.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which {@code X-Request-Id} a caller may choose: a plain token, or Keyport makes its own. */
class RequestIdOfferedTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "it-json-refused-1",
                "A.z_0-9",
                "0123456789012345678901234567890123456789012345678901234567890123"
            })
    void plain_tokens_carry_through(String offered) {
        assertThat(RequestLog.idFor(offered)).isEqualTo(offered);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "01234567890123456789012345678901234567890123456789012345678901234",
                "a b",
                "a/b",
                "a\nb",
                "a\"b",
                "caf\u00e9",
                "a{b}",
                "%41"
            })
    void anything_else_gets_a_new_id(String offered) {
        String id = RequestLog.idFor(offered);
        assertThat(id).isNotEqualTo(offered).matches("[0-9a-f]{24}");
        assertThat(RequestLog.idFor(offered)).as("a new one each time").isNotEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x"})
    void no_offer_gets_a_new_id(String ignored) {
        assertThat(RequestLog.idFor(null)).matches("[0-9a-f]{24}");
    }

    @org.junit.jupiter.api.Test
    void new_ids_use_every_hex_digit_in_every_place() {
        java.util.List<java.util.Set<Character>> seen = new java.util.ArrayList<>();
        for (int place = 0; place < 24; place++) {
            seen.add(new java.util.HashSet<>());
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int n = 0; n < 2000; n++) {
            String id = RequestLog.idFor(null);
            ids.add(id);
            for (int place = 0; place < 24; place++) {
                seen.get(place).add(id.charAt(place));
            }
        }
        assertThat(ids).hasSize(2000);
        assertThat(seen).allSatisfy(digits -> assertThat(digits).hasSize(16));
    }
}
