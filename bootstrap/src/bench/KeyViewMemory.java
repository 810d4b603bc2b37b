import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heap per key held by the key view (adapters-persistence KeyStateView): the ApiKey record as the login
 * path loads it (ids, name, one SHA-256 digest as hex, created, expiry, generation) in the view's two maps
 * (by digest and by id). Fills N keys, collects, and prints the used heap over an empty baseline; one
 * user per 5 keys. For docs/scaling.md (the view at 5 million keys).
 *
 *   java -Xmx4g -cp bootstrap/target/keyport.jar bootstrap/src/bench/KeyViewMemory.java 1000000
 */
public class KeyViewMemory {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        SecureRandom random = new SecureRandom();
        HexFormat hex = HexFormat.of();
        long before = usedAfterGc();
        ConcurrentHashMap<SecretDigest, ApiKey> byDigest = new ConcurrentHashMap<>();
        ConcurrentHashMap<ApiKeyId, ApiKey> byId = new ConcurrentHashMap<>();
        Instant now = Instant.now();
        UserId owner = null;
        for (int i = 0; i < n; i++) {
            if (i % 5 == 0) {
                owner = UserId.generate(now, random);
            }
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            ApiKey key = new ApiKey(ApiKeyId.generate(now, random), owner, new ApiKeyName("device-" + (i % 20)),
                    new SecretDigest(hex.formatHex(digest)), false, now.minusSeconds(i), Optional.empty(), 0,
                    Optional.empty(), Optional.empty());
            byId.put(key.id(), key);
            byDigest.put(key.digest(), key);
        }
        long after = usedAfterGc();
        System.out.printf("%d keys: %.1f MB of heap, %d bytes per key (%s)%n", n, (after - before) / 1e6, (after - before) / n,
                Runtime.version());
        if (byId.size() + byDigest.size() == 0) {
            System.out.println();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
