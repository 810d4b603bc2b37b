package dev.keyport.domain.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The long-based encoder (checksums) writes what the BigInteger one (key bodies) writes. */
class Base62Test {
    @Test
    void a_long_is_encoded_as_its_big_integer_is() {
        Random random = new Random(62);
        long max = 62L * 62 * 62 * 62 * 62 * 62; // six characters, a CRC-32's width
        for (int i = 0; i < 10_000; i++) {
            long value = i < 3 ? new long[] {0, 1, max - 1}[i] : Math.floorMod(random.nextLong(), max);
            assertThat(Base62.encode(value, 6)).isEqualTo(Base62.encode(BigInteger.valueOf(value), 6));
        }
        assertThatThrownBy(() -> Base62.encode(max, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_the_62_characters_are_base62() {
        assertThat(Base62.isBase62(Base62.ALPHABET)).isTrue();
        for (char c = 0; c < 256; c++) {
            assertThat(Base62.isBase62("a" + c)).isEqualTo(Base62.ALPHABET.indexOf(c) >= 0);
        }
        assertThat(Base62.isBase62("abc\u0660")).isFalse(); // a digit, but not an ASCII one
    }
}
