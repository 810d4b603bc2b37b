package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.secret.ApiKeySecret;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the key format's checksum, over many generated keys and edits. */
class KeyFormatPropertiesTest {

    @Property(tries = 500)
    void every_generated_key_parses(@ForAll long seed) {
        ApiKeySecret secret = ApiKeySecret.generate(new Random(seed));
        assertThat(ApiKeySecret.parse(secret.reveal())).isPresent();
    }

    @Property(tries = 1000)
    void any_single_character_substitution_is_rejected(
            @ForAll long seed,
            @ForAll @IntRange(min = 4, max = 52) int position,
            @ForAll @IntRange(min = 1, max = 61) int shift) {
        String value = ApiKeySecret.generate(new Random(seed)).reveal();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char original = value.charAt(position);
        char replacement = alphabet.charAt((alphabet.indexOf(original) + shift) % alphabet.length());
        String typo = value.substring(0, position) + replacement + value.substring(position + 1);
        assertThat(ApiKeySecret.parse(typo)).isEmpty();
    }

    @Property(tries = 300)
    void adjacent_transpositions_are_rejected(@ForAll long seed, @ForAll @IntRange(min = 4, max = 51) int position) {
        String value = ApiKeySecret.generate(new Random(seed)).reveal();
        char a = value.charAt(position);
        char b = value.charAt(position + 1);
        if (a == b) {
            return; // swapping equal characters is no typo
        }
        String swapped = value.substring(0, position) + b + a + value.substring(position + 2);
        assertThat(ApiKeySecret.parse(swapped)).isEmpty();
    }
}
