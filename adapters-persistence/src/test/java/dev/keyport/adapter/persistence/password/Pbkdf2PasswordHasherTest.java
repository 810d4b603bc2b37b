package dev.keyport.adapter.persistence.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordHasherTest {

    @Test
    void the_default_is_owasps_600000_iterations_and_a_hash_verifies_only_its_password() {
        Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.OWASP_ITERATIONS);
        PasswordHash hash = hasher.hash(Password.chosen("correct horse"));
        assertThat(hash.encoded()).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
        assertThat(hasher.matches(Password.offered("correct horse"), hash)).isTrue();
        assertThat(hasher.matches(Password.offered("correct horsf"), hash)).isFalse();
    }

    @Test
    void salts_differ_and_hashes_made_with_other_iteration_counts_still_verify() {
        PasswordHash weak = new Pbkdf2PasswordHasher(1000).hash(Password.chosen("secret1"));
        Pbkdf2PasswordHasher current = new Pbkdf2PasswordHasher(2000);
        assertThat(current.matches(Password.offered("secret1"), weak)).isTrue();
        assertThat(current.hash(Password.chosen("secret1"))).isNotEqualTo(current.hash(Password.chosen("secret1")));
        assertThat(current.matches(Password.offered("secret1"), new PasswordHash("md5$abc")))
                .isFalse();
    }

    @Test
    void fewer_iterations_than_configured_ask_for_a_rehash_and_a_malformed_hash_never_matches() {
        Pbkdf2PasswordHasher current = new Pbkdf2PasswordHasher(2000);
        assertThat(current.needsRehash(new Pbkdf2PasswordHasher(1000).hash(Password.chosen("secret1"))))
                .isTrue();
        assertThat(current.needsRehash(new Pbkdf2PasswordHasher(3000).hash(Password.chosen("secret1"))))
                .isFalse();
        for (String malformed : new String[] {
            "pbkdf2-sha256$x$abc$def", "pbkdf2-sha256$0$abc$def", "pbkdf2-sha256$1000$!!$def", "pbkdf2-sha256$1000$abc$"
        }) {
            assertThat(current.matches(Password.offered("secret1"), new PasswordHash(malformed)))
                    .as(malformed)
                    .isFalse();
        }
    }
}
