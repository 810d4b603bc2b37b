package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.secret.ApiKeySecret;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeySecretTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void a_generated_key_has_the_prefix_and_length_and_parses_back() {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        assertThat(secret.reveal())
                .startsWith("kpk_")
                .hasSize(ApiKeySecret.LENGTH)
                .matches("kpk_[0-9A-Za-z]{49}");
        assertThat(ApiKeySecret.parse(secret.reveal()))
                .hasValueSatisfying(parsed -> assertThat(parsed.digest()).isEqualTo(secret.digest()));
    }

    @Test
    void a_key_with_one_character_changed_fails_the_checksum() {
        String value = ApiKeySecret.generate(random).reveal();
        char changed = value.charAt(10) == 'a' ? 'b' : 'a';
        String typo = value.substring(0, 10) + changed + value.substring(11);
        assertThat(ApiKeySecret.parse(typo)).isEmpty();
    }

    @Test
    void truncated_foreign_and_empty_values_are_not_keys() {
        String value = ApiKeySecret.generate(random).reveal();
        assertThat(ApiKeySecret.parse(value.substring(0, value.length() - 1))).isEmpty();
        assertThat(ApiKeySecret.parse("xyz_" + value.substring(4))).isEmpty();
        assertThat(ApiKeySecret.parse("")).isEmpty();
        assertThat(ApiKeySecret.parse(null)).isEmpty();
    }

    @Test
    void the_value_never_appears_in_to_string() {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        assertThat(secret.toString()).doesNotContain(secret.reveal().substring(4, 20));
    }
}
