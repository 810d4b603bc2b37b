package dev.keyport.adapter.persistence.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {
    /**
     * Made by the Argon2 reference implementation (Debian's {@code argon2} 0~20190702), not by this code:
     * {@code echo -n "correct horse battery staple" | argon2 keyport-salt-16b -id -t 2 -k 19456 -p 1 -l 32 -e}.
     */
    private static final PasswordHash REFERENCE = new PasswordHash(
            "$argon2id$v=19$m=19456,t=2,p=1$a2V5cG9ydC1zYWx0LTE2Yg$ZWdcPwlj4LgZoUN2iog45pxe4SUGQYp31PTZZ1nHA/o");

    @Test
    void a_hash_from_the_reference_implementation_verifies_its_password_and_only_that() {
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(Argon2idPasswordHasher.Cost.OWASP);
        assertThat(hasher.matches(Password.offered("correct horse battery staple"), REFERENCE))
                .isTrue();
        assertThat(hasher.matches(Password.offered("correct horse battery stapler"), REFERENCE))
                .isFalse();
        assertThat(hasher.needsRehash(REFERENCE)).isFalse();
    }

    @Test
    void new_hashes_are_phc_strings_at_owasps_cost_with_fresh_salts() {
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(Argon2idPasswordHasher.Cost.OWASP);
        PasswordHash hash = hasher.hash(Password.chosen("correct horse"));
        assertThat(hash.encoded())
                .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
                .doesNotContain("correct horse");
        assertThat(hasher.matches(Password.offered("correct horse"), hash)).isTrue();
        assertThat(hasher.hash(Password.chosen("correct horse"))).isNotEqualTo(hash);
    }

    @Test
    void weaker_parameters_verify_but_ask_for_a_rehash_and_malformed_hashes_never_match() {
        PasswordHash weak =
                new Argon2idPasswordHasher(new Argon2idPasswordHasher.Cost(64, 1, 1)).hash(Password.chosen("s3cret"));
        Argon2idPasswordHasher current = new Argon2idPasswordHasher(new Argon2idPasswordHasher.Cost(128, 1, 1));
        assertThat(current.matches(Password.offered("s3cret"), weak)).isTrue();
        assertThat(current.needsRehash(weak)).isTrue();
        assertThat(current.needsRehash(current.hash(Password.chosen("s3cret")))).isFalse();
        for (String malformed : new String[] {
            "$argon2id$v=19$m=0,t=2,p=1$a2V5cG9ydC1zYWx0LTE2Yg$ZWdcPwlj4LgZoUN2iog45pxe4SUGQYp31PTZZ1nHA/o",
            "$argon2id$v=16$m=19456,t=2,p=1$a2V5cG9ydC1zYWx0LTE2Yg$ZWdcPwlj4LgZoUN2iog45pxe4SUGQYp31PTZZ1nHA/o",
            "$argon2i$v=19$m=19456,t=2,p=1$a2V5cG9ydC1zYWx0LTE2Yg$ZWdcPwlj4LgZoUN2iog45pxe4SUGQYp31PTZZ1nHA/o",
            "$argon2id$v=19$m=99999999,t=2,p=1$!!$??",
            "pbkdf2-sha256$1000$abc$def",
            ""
        }) {
            assertThat(current.matches(Password.offered("s3cret"), new PasswordHash(malformed)))
                    .as(malformed)
                    .isFalse();
            assertThat(current.needsRehash(new PasswordHash(malformed)))
                    .as(malformed)
                    .isTrue();
        }
    }

    @Test
    void the_current_scheme_verifies_older_schemes_and_reports_them_for_rehash() {
        Pbkdf2PasswordHasher pbkdf2 = new Pbkdf2PasswordHasher(1000);
        Argon2idPasswordHasher argon2id = new Argon2idPasswordHasher(new Argon2idPasswordHasher.Cost(64, 1, 1));
        CurrentSchemePasswordHasher hasher = new CurrentSchemePasswordHasher(argon2id, pbkdf2);
        PasswordHash old = pbkdf2.hash(Password.chosen("s3cret"));

        assertThat(hasher.matches(Password.offered("s3cret"), old)).isTrue();
        assertThat(hasher.matches(Password.offered("s3creT"), old)).isFalse();
        assertThat(hasher.needsRehash(old)).isTrue();
        PasswordHash upgraded = hasher.hash(Password.chosen("s3cret"));
        assertThat(upgraded.encoded()).startsWith("$argon2id$");
        assertThat(hasher.needsRehash(upgraded)).isFalse();
        assertThat(hasher.matches(Password.offered("s3cret"), upgraded)).isTrue();
        assertThat(hasher.matches(Password.offered("s3cret"), new PasswordHash("bcrypt$2b$10$xyz")))
                .isFalse();
        assertThat(new CurrentSchemePasswordHasher(pbkdf2, argon2id).needsRehash(upgraded))
                .as("and back again")
                .isTrue();
    }

    /**
     * A hashing thread keeps its generator (and its Argon2 memory) from hash to hash (issue 25: the per-hash
     * 19 MiB was what made a password flood cost garbage collection), and what it derives with a reused
     * generator is exactly what a fresh Bouncy Castle generator derives, for other salts, passwords and costs.
     */
    @Test
    void a_platform_thread_reuses_its_argon2_memory_and_derives_exactly_what_a_fresh_generator_does() throws Exception {
        Argon2idPasswordHasher.Cost small = new Argon2idPasswordHasher.Cost(64, 2, 1);
        Argon2idPasswordHasher.Cost other = new Argon2idPasswordHasher.Cost(96, 1, 2);
        try (var platform = Executors.newSingleThreadExecutor()) {
            platform.submit(() -> {
                        Argon2BytesGenerator first =
                                Argon2idPasswordHasher.generatorFor(parameters(small, new byte[16]), small);
                        assertThat(Argon2idPasswordHasher.generatorFor(parameters(small, new byte[16]), small))
                                .isSameAs(first);
                        assertThat(Argon2idPasswordHasher.generatorFor(parameters(other, new byte[16]), other))
                                .isNotSameAs(first);
                        for (int i = 0; i < 20; i++) {
                            Argon2idPasswordHasher.Cost cost = i % 3 == 0 ? other : small;
                            byte[] salt = new byte[16];
                            ThreadLocalRandom.current().nextBytes(salt);
                            char[] password = ("password " + i).toCharArray();
                            byte[] reused = new byte[32];
                            Argon2idPasswordHasher.generatorFor(parameters(cost, salt), cost)
                                    .generateBytes(password, reused);
                            byte[] fresh = new byte[32];
                            Argon2BytesGenerator generator = new Argon2BytesGenerator();
                            generator.init(parameters(cost, salt));
                            generator.generateBytes(password, fresh);
                            assertThat(reused).as("hash %d", i).isEqualTo(fresh);
                        }
                        // and the reference implementation's hash still verifies on this thread, after all that reuse
                        assertThat(new Argon2idPasswordHasher(Argon2idPasswordHasher.Cost.OWASP)
                                        .matches(Password.offered("correct horse battery staple"), REFERENCE))
                                .isTrue();
                        return null;
                    })
                    .get();
        }
        try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            virtual.submit(() -> assertThat(Argon2idPasswordHasher.generatorFor(parameters(small, new byte[16]), small))
                            .as("virtual threads keep nothing")
                            .isNotSameAs(Argon2idPasswordHasher.generatorFor(parameters(small, new byte[16]), small)))
                    .get();
        }
    }

    private static Argon2Parameters parameters(Argon2idPasswordHasher.Cost cost, byte[] salt) {
        return new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(Arrays.copyOf(salt, salt.length))
                .build();
    }
}
