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
     * Generators (and their Argon2 memory) are kept from hash to hash, up to the capacity (issue 25: the per-hash
     * 19 MiB was what made a password flood cost garbage collection; one pool rather than one per thread, so the
     * operator's lane holds none of its own), and what a reused generator derives is exactly what a fresh Bouncy
     * Castle generator derives, for other salts, passwords and costs.
     */
    @Test
    void kept_generators_are_reused_up_to_the_capacity_and_derive_exactly_what_a_fresh_one_does() throws Exception {
        Argon2idPasswordHasher.Cost small = new Argon2idPasswordHasher.Cost(64, 2, 1);
        Argon2idPasswordHasher.Cost other = new Argon2idPasswordHasher.Cost(96, 1, 2);
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(small, 1);
        Argon2BytesGenerator first = hasher.generatorFor(parameters(small, new byte[16]), small);
        Argon2BytesGenerator second = hasher.generatorFor(parameters(small, new byte[16]), small);
        assertThat(second).as("two at once: two generators").isNotSameAs(first);
        hasher.giveBack(first, small);
        hasher.giveBack(second, small);
        assertThat(hasher.generatorsKept())
                .as("no more than the capacity is kept")
                .isEqualTo(1);
        Argon2BytesGenerator reused = hasher.generatorFor(parameters(small, new byte[16]), small);
        assertThat(reused).isSameAs(first);
        hasher.giveBack(reused, small);
        Argon2BytesGenerator ofOtherCost = hasher.generatorFor(parameters(other, new byte[16]), other);
        assertThat(ofOtherCost).isNotSameAs(first);
        hasher.giveBack(ofOtherCost, other);
        assertThat(hasher.generatorsKept())
                .as("only generators of the hasher's cost are kept")
                .isEqualTo(1);

        for (int i = 0; i < 20; i++) {
            Argon2idPasswordHasher.Cost cost = i % 3 == 0 ? other : small;
            byte[] salt = new byte[16];
            ThreadLocalRandom.current().nextBytes(salt);
            char[] password = ("password " + i).toCharArray();
            byte[] derived = new byte[32];
            Argon2BytesGenerator generator = hasher.generatorFor(parameters(cost, salt), cost);
            generator.generateBytes(password, derived);
            hasher.giveBack(generator, cost);
            byte[] fresh = new byte[32];
            Argon2BytesGenerator freshGenerator = new Argon2BytesGenerator();
            freshGenerator.init(parameters(cost, salt));
            freshGenerator.generateBytes(password, fresh);
            assertThat(derived).as("hash %d", i).isEqualTo(fresh);
        }

        // checks on two threads at once over one kept generator: each gets its own, both right
        Argon2idPasswordHasher owasp = new Argon2idPasswordHasher(Argon2idPasswordHasher.Cost.OWASP, 1);
        try (var two = Executors.newFixedThreadPool(2)) {
            var checks = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 6; i++) {
                checks.add(
                        two.submit(() -> owasp.matches(Password.offered("correct horse battery staple"), REFERENCE)));
            }
            for (var check : checks) {
                assertThat(check.get()).isTrue();
            }
        }
        assertThat(owasp.generatorsKept()).isEqualTo(1);
    }

    /**
     * A kept generator holds no password-derived memory between hashes: Bouncy Castle clears every block at the end
     * of a hash (its {@code reset()}), which keeping generators relies on. Read by reflection, so that a Bouncy Castle
     * that stops clearing (or renames its fields) fails here.
     */
    @Test
    void a_kept_generators_memory_is_all_zero_between_hashes() throws Exception {
        Argon2idPasswordHasher.Cost small = new Argon2idPasswordHasher.Cost(64, 2, 1);
        Argon2idPasswordHasher hasher = new Argon2idPasswordHasher(small, 1);
        hasher.hash(Password.chosen("a password to forget"));
        Argon2BytesGenerator kept = hasher.generatorFor(parameters(small, new byte[16]), small);
        java.lang.reflect.Field memoryField = Argon2BytesGenerator.class.getDeclaredField("memory");
        memoryField.setAccessible(true);
        Object[] blocks = (Object[]) memoryField.get(kept);
        assertThat(blocks).as("the kept generator's memory").isNotEmpty();
        long nonZero = 0;
        for (Object block : blocks) {
            java.lang.reflect.Field words = block.getClass().getDeclaredField("v");
            words.setAccessible(true);
            for (long word : (long[]) words.get(block)) {
                nonZero += word == 0 ? 0 : 1;
            }
        }
        assertThat(nonZero).as("non-zero words left in the Argon2 memory").isZero();
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
