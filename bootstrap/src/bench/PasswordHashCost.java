import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * CPU time per password hash, PBKDF2-HMAC-SHA256 at 600,000 iterations against Argon2id at OWASP's
 * configurations, in one JVM and one run (ADR 0009). Run from the repository root after a build:
 *
 *   java -cp bootstrap/target/keyport.jar bootstrap/src/bench/PasswordHashCost.java
 *
 * It measures the thread's CPU time (not wall time), over 5 rounds of 10 hashes each after a warm-up
 * round, and prints the median per scheme.
 */
public class PasswordHashCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final byte[] SALT = "keyport-salt-16b".getBytes();
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    public static void main(String[] args) {
        report("PBKDF2-HMAC-SHA256 600,000 iterations", PasswordHashCost::pbkdf2);
        int[][] owasp = {{19_456, 2}, {47_104, 1}, {12_288, 3}, {9_216, 4}, {7_168, 5}};
        for (int[] cost : owasp) {
            report("Argon2id m=" + cost[0] + " KiB t=" + cost[1] + " p=1", () -> argon2id(cost[0], cost[1]));
        }
    }

    private static void report(String scheme, Supplier<byte[]> hash) {
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round <= 5; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < 10; i++) {
                hash.get();
            }
            if (round > 0) { // round 0 warms the JIT up
                rounds.add((THREADS.getCurrentThreadCpuTime() - start) / 10 / 1e6);
            }
        }
        Collections.sort(rounds);
        System.out.printf("%-42s median %6.1f ms CPU per hash (rounds: %s)%n", scheme, rounds.get(rounds.size() / 2),
                rounds.stream().map(ms -> String.format("%.1f", ms)).toList());
    }

    private static byte[] pbkdf2() {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(PASSWORD, SALT, 600_000, 256)).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] argon2id(int memoryKib, int passes) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib).withIterations(passes)
                .withParallelism(1).withSalt(SALT).build());
        byte[] out = new byte[32];
        generator.generateBytes(PASSWORD, out);
        return out;
    }
}
