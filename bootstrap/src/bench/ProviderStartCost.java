import java.security.*;
import java.security.spec.*;
/**
 * What loading a token-signature provider costs a fresh JVM: ACCP (class, native library, AWS-LC self-tests) by
 * default, the JDK's EC provider with any argument; then its first P-256 key, signature and verification, and the
 * RSS after. Run each a few times:
 *   java -cp bootstrap/target/keyport.jar bootstrap/src/bench/ProviderStartCost.java
 *   java -cp bootstrap/target/keyport.jar bootstrap/src/bench/ProviderStartCost.java jdk
 */
public class ProviderStartCost {
    public static void main(String[] a) throws Exception {
        long t0 = System.nanoTime();
        Provider p = a.length > 0 ? KeyFactory.getInstance("EC").getProvider()
                : (Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider").getField("INSTANCE").get(null);
        long t1 = System.nanoTime();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p); g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA", p); s.initSign(kp.getPrivate()); s.update(new byte[1]); byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA", p); v.initVerify(kp.getPublic()); v.update(new byte[1]); v.verify(sig);
        long t2 = System.nanoTime();
        System.out.printf("%s: load %.1f ms, first key+sign+verify %.1f ms, RSS %s%n", p.getName(), (t1 - t0) / 1e6, (t2 - t1) / 1e6,
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst().orElse(""));
    }
}
