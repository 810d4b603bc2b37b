package dev.keyport.bootstrap;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that makes, parses and uses the ES256 access-token keys (ADR 0020). With
 * {@code keyport.tokens.signature-provider} ({@code KEYPORT_TOKENS_SIGNATURE_PROVIDER}):
 * <ul>
 *   <li>{@code auto} (the default): Amazon Corretto Crypto Provider, i.e. AWS-LC, when its native library
 *       loads on this machine and passes a P-256 sign-and-verify round trip; otherwise the JDK's own
 *       provider (another CPU architecture than the jar's {@code linux-x86_64}, a libc it cannot load, a
 *       JVM that forbids native code, or a FIPS policy that removes it);</li>
 *   <li>{@code jdk}: always the JDK's provider (SunEC), for operators who want no native code in the
 *       signing path.</li>
 * </ul>
 * The choice is made once, logged once, and only handed to the token code: the provider is <b>not</b>
 * installed in {@link java.security.Security}, so TLS, the password hashes and every other JCA user keep
 * the JDK's providers.
 */
final class TokenSignatureProvider {
    private static final Logger LOG = LoggerFactory.getLogger(TokenSignatureProvider.class);
    static final String ACCP = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private TokenSignatureProvider() {}

    /** The provider for {@code setting} ({@code auto} or {@code jdk}), logged once. */
    static Provider choose(String setting) {
        return choose(setting, TokenSignatureProvider::correttoOrFailure);
    }

    /** As {@link #choose(String)}, with the native candidate given (a test can hand one that fails to load). */
    static Provider choose(String setting, Supplier<Object> nativeCandidate) {
        Provider jdk = jdkProvider();
        String mode =
                setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "jdk" -> {
                LOG.info(
                        "access tokens are signed by {} {} (keyport.tokens.signature-provider=jdk)",
                        jdk.getName(),
                        jdk.getVersionStr());
                return jdk;
            }
            case "auto" -> {
                Object candidate = nativeCandidate.get();
                String why;
                if (candidate instanceof Provider provider) {
                    try {
                        roundTrip(provider);
                        LOG.info(
                                "access tokens are signed by {} {} (native AWS-LC); keyport.tokens.signature-provider=jdk "
                                        + "selects the JDK's {} instead",
                                provider.getName(),
                                provider.getVersionStr(),
                                jdk.getName());
                        return provider;
                    } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
                        why = "its P-256 self-test failed: " + e;
                    }
                } else {
                    why = String.valueOf(candidate);
                }
                LOG.warn(
                        "access tokens are signed by the JDK's {} {}, about 8x slower per token, because the native "
                                + "provider is not usable here ({})",
                        jdk.getName(),
                        jdk.getVersionStr(),
                        why);
                return jdk;
            }
            default ->
                throw new IllegalArgumentException(
                        "keyport.tokens.signature-provider must be auto or jdk, not " + setting);
        }
    }

    /** The provider the JDK picks for EC keys: SunEC, unless the JVM's security configuration says otherwise. */
    static Provider jdkProvider() {
        try {
            return KeyFactory.getInstance("EC").getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no EC provider", e);
        }
    }

    /** ACCP's provider when its native library loaded, else why not (a String). */
    private static Object correttoOrFailure() {
        try {
            Provider provider =
                    (Provider) Class.forName(ACCP).getField("INSTANCE").get(null);
            Throwable loading =
                    (Throwable) provider.getClass().getMethod("getLoadingError").invoke(provider);
            return loading == null ? provider : "its native library did not load: " + loading;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return "it is not on the class path or failed to start: " + e;
        }
    }

    /**
     * Makes a P-256 key, parses it back as the token code does (PKCS#8 and X.509 through the provider's
     * KeyFactory), signs and verifies with {@code SHA256withECDSA}, and checks that a changed message fails.
     */
    static void roundTrip(Provider provider) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        KeyFactory factory = KeyFactory.getInstance("EC", provider);
        var privateKey = factory.generatePrivate(
                new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
        var publicKey =
                factory.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
        byte[] message = "keyport self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA", provider);
        verifier.initVerify(publicKey);
        verifier.update(message);
        boolean good = verifier.verify(signature);
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {1});
        if (!good || verifier.verify(signature)) {
            throw new GeneralSecurityException("P-256 signatures do not round-trip");
        }
    }
}
