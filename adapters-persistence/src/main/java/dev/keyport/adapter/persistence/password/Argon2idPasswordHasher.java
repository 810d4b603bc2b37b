package dev.keyport.adapter.persistence.password;

import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106), OWASP's first choice for password storage, from Bouncy Castle. The default
 * parameters are OWASP's first configuration: 19 MiB of memory, 2 passes, 1 lane. Hashes are kept in
 * the PHC string format that libsodium, the reference implementation and most libraries read:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded base64), with a 16-byte random salt
 * and a 32-byte hash. Measured on the same run against PBKDF2-HMAC-SHA256 at 600,000 iterations, it
 * costs about a fifth of the CPU per hash while being memory-hard (docs/performance.md, "Password
 * hashing"), so it is the default scheme; see ADR 0009.
 *
 * <p>Generators, and so their Argon2 memory (19 MiB of 1 KiB blocks), are kept from one hash to the next, at most
 * {@code generatorsKept} of them (one per hashing thread): Bouncy Castle allocates that memory in {@code init} and
 * clears it after each hash, so only the parameters (the salt) change between hashes. Allocating it anew per hash
 * made a password flood cost as much garbage collection as hashing (~650 MB/s at ~35 hashes/s, the blocks still
 * live when young collections copy them: docs/performance.md, issue 25). They are kept in a pool, not per thread:
 * the operator's lane (one more thread, seldom used) shares them instead of holding 19 MiB of its own. A hash of
 * another cost (checking an old hash), and a Bouncy Castle whose generator no longer has that field, get a fresh
 * generator.
 */
public final class Argon2idPasswordHasher implements PasswordScheme {
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final String PREFIX = "$argon2id$";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Cost cost;
    private final SecureRandom random = SaltSource.create();
    /** Generators for {@link #cost} between hashes, at most as many as were made at once, up to its capacity. */
    private final BlockingQueue<Argon2BytesGenerator> kept;

    /** Memory in KiB, passes over it, and lanes. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        /** OWASP's first Argon2id configuration (Password Storage Cheat Sheet). */
        public static final Cost OWASP = new Cost(19_456, 2, 1);

        public Cost {
            if (parallelism < 1
                    || parallelism > 255
                    || iterations < 1
                    || iterations > 100
                    || memoryKib < 8 * parallelism
                    || memoryKib > 1 << 20) {
                throw new IllegalArgumentException(
                        "Argon2id needs 1-255 lanes, 1-100 passes, and from 8 KiB per lane up to 1 GiB of memory");
            }
        }

        boolean atLeast(Cost other) {
            return memoryKib >= other.memoryKib && iterations >= other.iterations && parallelism >= other.parallelism;
        }
    }

    /** Keeps one generator between hashes. */
    public Argon2idPasswordHasher(Cost cost) {
        this(cost, 1);
    }

    /** Keeps up to {@code generatorsKept} generators between hashes (the hashing threads that use it at once). */
    public Argon2idPasswordHasher(Cost cost, int generatorsKept) {
        if (generatorsKept < 1) {
            throw new IllegalArgumentException("keep at least one Argon2 generator");
        }
        this.cost = cost;
        this.kept = new ArrayBlockingQueue<>(generatorsKept);
    }

    @Override
    public PasswordHash hash(Password password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, cost, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return new PasswordHash(PREFIX + "v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p="
                + cost.parallelism() + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash));
    }

    @Override
    public boolean matches(Password password, PasswordHash stored) {
        return parse(stored)
                .map(parsed -> MessageDigest.isEqual(
                        parsed.hash(), derive(password, parsed.salt(), parsed.cost(), parsed.hash().length)))
                .orElse(false);
    }

    @Override
    public boolean needsRehash(PasswordHash stored) {
        return parse(stored).map(parsed -> !parsed.cost().atLeast(cost)).orElse(true);
    }

    @Override
    public boolean recognizes(PasswordHash stored) {
        return stored.encoded().startsWith(PREFIX);
    }

    /** A stored hash taken apart; empty when it is not a usable Argon2id PHC string. */
    private static Optional<Stored> parse(PasswordHash stored) {
        Matcher phc = PHC.matcher(stored.encoded());
        if (!phc.matches()) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            return Optional.of(new Stored(
                    new Cost(
                            Integer.parseInt(phc.group(1)),
                            Integer.parseInt(phc.group(2)),
                            Integer.parseInt(phc.group(3))),
                    b64.decode(phc.group(4)),
                    b64.decode(phc.group(5))));
        } catch (IllegalArgumentException unusable) {
            return Optional.empty();
        }
    }

    private record Stored(Cost cost, byte[] salt, byte[] hash) {}

    /** Bouncy Castle's {@code Argon2BytesGenerator.parameters}, or null when it cannot be set. */
    private static final Field PARAMETERS = parametersField();

    private static Field parametersField() {
        try {
            Field field = Argon2BytesGenerator.class.getDeclaredField("parameters");
            field.setAccessible(true);
            return field.getType() == Argon2Parameters.class ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A generator ready for {@code parameters}: a kept one when the cost is this hasher's (only its parameters are
     * swapped; its memory, sized by the cost, is reused), else a new one. Give it back with {@link #giveBack}.
     */
    Argon2BytesGenerator generatorFor(Argon2Parameters parameters, Cost of) {
        Argon2BytesGenerator generator = of.equals(cost) && PARAMETERS != null ? kept.poll() : null;
        if (generator != null) {
            try {
                PARAMETERS.set(generator, parameters);
                return generator;
            } catch (IllegalAccessException | RuntimeException e) {
                // a fresh one below
            }
        }
        generator = new Argon2BytesGenerator();
        generator.init(parameters);
        return generator;
    }

    /** Keeps a generator that finished a hash of this hasher's cost, if fewer than the capacity are kept. */
    void giveBack(Argon2BytesGenerator generator, Cost of) {
        if (of.equals(cost) && PARAMETERS != null) {
            kept.offer(generator);
        }
    }

    /** How many generators are kept now (tests). */
    int generatorsKept() {
        return kept.size();
    }

    private byte[] derive(Password password, byte[] salt, Cost cost, int length) {
        Argon2BytesGenerator generator = generatorFor(
                new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(cost.memoryKib())
                        .withIterations(cost.iterations())
                        .withParallelism(cost.parallelism())
                        .withSalt(salt)
                        .build(),
                cost);
        byte[] out = new byte[length];
        char[] chars = password.reveal().toCharArray();
        try {
            generator.generateBytes(chars, out);
        } finally {
            Arrays.fill(chars, '\0');
        }
        giveBack(generator, cost); // only after a hash that ended well: Bouncy Castle has cleared its memory
        return out;
    }
}
