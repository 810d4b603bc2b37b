package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.MissingParameter;
import dev.keyport.domain.error.PasswordRulesViolated;
import dev.keyport.domain.id.ObjectIdFormat;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Password;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueRulesTest {

    @Test
    void key_names_are_trimmed_and_limited_to_100_characters() {
        assertThat(new ApiKeyName("  my key ").value()).isEqualTo("my key");
        assertThat(new ApiKeyName("é".repeat(100)).value()).hasSize(100);
        assertThat(new ApiKeyName("😀".repeat(100)).value()).hasSize(200); // 100 code points
        assertThatThrownBy(() -> new ApiKeyName("x".repeat(101))).isInstanceOf(InvalidParameter.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "\t",
                "\u00a0",
                "\u200b",
                "\ufeff",
                "\u3000\u200b\u00a0",
                "\u2060",
                "\u3164",
                "\u2800\u2800",
                "\u115f\u1160"
            })
    void blank_key_names_are_missing(String name) {
        assertThatThrownBy(() -> new ApiKeyName(name)).isInstanceOf(MissingParameter.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "bell\u0007", "del\u007f", "lone\ud800surrogate"})
    void key_names_with_control_characters_or_broken_unicode_are_invalid(String name) {
        assertThatThrownBy(() -> new ApiKeyName(name)).isInstanceOf(InvalidParameter.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0301", "\u200d\u0301", "\u0301\u2800\u0302"})
    void key_names_without_a_visible_character_are_invalid(String name) {
        assertThatThrownBy(() -> new ApiKeyName(name))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("visible");
    }

    @Test
    void invisible_edges_are_dropped_and_visible_names_in_any_script_are_kept() {
        assertThat(new ApiKeyName("\u200bkey\ufeff\u00a0").value()).isEqualTo("key");
        assertThat(new ApiKeyName("ключ 1").value()).isEqualTo("ключ 1");
        assertThat(new ApiKeyName("👩\u200d💻").value())
                .isEqualTo("👩\u200d💻"); // a joiner inside an emoji sequence stays
        assertThat(new ApiKeyName("_").value()).isEqualTo("_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\u202edcba", "x\u2066y"})
    void key_names_with_bidirectional_overrides_are_invalid(String name) {
        assertThatThrownBy(() -> new ApiKeyName(name)).isInstanceOf(InvalidParameter.class);
    }

    @Test
    void emails_are_normalised_and_checked() {
        assertThat(new Email(" Ann@Example.ORG ").value()).isEqualTo("ann@example.org");
        assertThatThrownBy(() -> new Email("no-at-sign")).isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> new Email("a@b")).isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> new Email("a b@c.org")).isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> new Email(null)).isInstanceOf(MissingParameter.class);
    }

    @Test
    void chosen_passwords_are_6_to_128_characters() {
        assertThat(Password.chosen("123456").reveal()).isEqualTo("123456");
        assertThat(Password.chosen("x".repeat(128)).reveal()).hasSize(128);
        assertThatThrownBy(() -> Password.chosen("12345")).isInstanceOf(PasswordRulesViolated.class);
        assertThatThrownBy(() -> Password.chosen("x".repeat(129))).isInstanceOf(PasswordRulesViolated.class);
        assertThatThrownBy(() -> Password.chosen("")).isInstanceOf(MissingParameter.class);
        assertThat(Password.chosen("secret-pw").toString()).doesNotContain("secret-pw");
    }

    @Test
    void ids_are_24_lowercase_hex_and_start_with_the_timestamp() {
        String id = ObjectIdFormat.generate(Instant.ofEpochSecond(0x5f000000L), new SecureRandom());
        assertThat(id).hasSize(24).startsWith("5f000000");
        assertThat(new UserId(id).value()).isEqualTo(id);
        assertThatThrownBy(() -> new UserId("5F0000000000000000000000")).isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> new UserId("abc")).isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> new UserId(null)).isInstanceOf(InvalidParameter.class);
    }
}
