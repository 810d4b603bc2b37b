import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import java.lang.management.ManagementFactory;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CPU per ES256 signature and verification of an access-token-sized JWS, through nimbus-jose-jwt as
 * Keyport signs them, on each JCA provider on the classpath: the JDK's SunEC, Amazon Corretto Crypto
 * Provider (AWS-LC) and Bouncy Castle. One thread; medians of 5 rounds of 5,000 after 20,000 warm-up
 * operations. Keys are parsed by the provider's own KeyFactory (as Keyport does), and, for ACCP, also
 * as SunEC keys handed to ACCP (which then converts them on every signature).
 *
 *   java -cp bootstrap/target/keyport.jar bootstrap/src/bench/TokenSignatureCost.java
 */
public class TokenSignatureCost {
    static final int WARMUP = 20_000, ROUND = 5_000, ROUNDS = 5;
    static final Payload PAYLOAD = new Payload("{\"sub\":\"65a1f7c2e4b0a1b2c3d4e5f6\",\"exp\":1767225600,\"iat\":1767223800,"
            + "\"typ\":\"access\",\"iss\":\"http://127.0.0.1:8080\",\"aud\":\"keyport\",\"baas_device_id\":\"000000000000000000000000\","
            + "\"sid\":\"65a1f7c2e4b0a1b2c3d4e5f7\",\"api_key_id\":\"65a1f7c2e4b0a1b2c3d4e5f8\"}");

    interface Op { void run() throws Exception; }

    public static void main(String[] args) throws Exception {
        List<Provider> providers = new ArrayList<>();
        providers.add(KeyFactory.getInstance("EC").getProvider());
        for (String name : List.of("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider",
                "org.bouncycastle.jce.provider.BouncyCastleProvider")) {
            try {
                Class<?> type = Class.forName(name);
                Provider p = name.contains("corretto")
                        ? (Provider) type.getField("INSTANCE").get(null)
                        : (Provider) type.getConstructor().newInstance();
                providers.add(p);
            } catch (ReflectiveOperationException | LinkageError e) {
                System.out.println(name + ": not available (" + e + ")");
            }
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("kid-0123456789").build();
        System.out.printf("%-45s %12s %12s%n", "provider (keys parsed by)", "sign µs", "verify µs");
        for (Provider provider : providers) {
            for (boolean ownKeys : new boolean[] {true, false}) {
                if (!ownKeys && provider == providers.get(0)) {
                    continue;
                }
                KeyFactory factory = KeyFactory.getInstance("EC", ownKeys ? provider : providers.get(0));
                ECPrivateKey priv = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
                ECPublicKey pub = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
                ECDSASigner signer = new ECDSASigner(priv);
                signer.getJCAContext().setProvider(provider);
                ECDSAVerifier verifier = new ECDSAVerifier(pub);
                verifier.getJCAContext().setProvider(provider);
                JWSObject signed = new JWSObject(header, PAYLOAD);
                signed.sign(signer);
                Op sign = () -> new JWSObject(header, PAYLOAD).sign(signer);
                Op verify = () -> { if (!signed.verify(verifier)) throw new AssertionError("does not verify"); };
                String label = provider.getName() + " (" + (ownKeys ? provider.getName() : providers.get(0).getName()) + " keys)";
                System.out.printf("%-45s %12.1f %12.1f%n", label, micros(sign), micros(verify));
            }
        }
    }

    /** Median CPU time of one operation over ROUNDS rounds, in µs. */
    static double micros(Op op) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP; i++) op.run();
        double[] rounds = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ROUND; i++) op.run();
            rounds[r] = (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / ROUND;
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }
}
