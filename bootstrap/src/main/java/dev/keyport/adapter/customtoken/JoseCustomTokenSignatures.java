package dev.keyport.adapter.customtoken;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.keyport.application.customtoken.port.out.CustomTokenSignatures;
import dev.keyport.domain.customtoken.CustomTokenRefusal;
import dev.keyport.domain.customtoken.SigningAlgorithm;
import dev.keyport.domain.error.CustomTokenRefused;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CustomTokenSignatures} with Nimbus JOSE + JWT: the token must be a compact JWS whose header names exactly
 * the configured algorithm ({@code none}, an encrypted JWT, or any other algorithm is refused before a key is looked
 * at, so an RSA public key is never tried as an HMAC secret), verified by one of the shared secrets (HS256) or by a
 * key of the JWK set with the token's {@code kid} (RS256: RSA of at least 2048 bits; ES256: EC on P-256; a key
 * marked for encryption or for another algorithm is not used). The JWK sets are fetched and cached per URI by
 * {@link JwkSetSource}.
 */
public final class JoseCustomTokenSignatures implements CustomTokenSignatures {
    private static final int MIN_RSA_BITS = 2048;
    private final JwkSetSource.Settings settings;
    private final HttpClient http;
    private final Map<String, JwkSetSource> sources = new ConcurrentHashMap<>();

    public JoseCustomTokenSignatures(JwkSetSource.Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Map<String, Object> verify(String token, SigningAlgorithm algorithm, Keys keys) {
        SignedJWT signed = signed(token, algorithm);
        boolean verified = switch (keys) {
            case Keys.SharedSecrets shared -> verifiedByAny(signed, macVerifiers(shared.secrets()));
            case Keys.JwkUri jwkUri -> {
                String kid = signed.getHeader().getKeyID();
                List<JWSVerifier> verifiers = new ArrayList<>();
                for (JWK key : sources.computeIfAbsent(
                                jwkUri.uri(), uri -> new JwkSetSource(uri, settings, http, System::nanoTime))
                        .keysFor(kid)) {
                    verifier(key, algorithm).ifPresent(verifiers::add);
                }
                if (verifiers.isEmpty()) {
                    throw new CustomTokenRefused(
                            CustomTokenRefusal.UNKNOWN_KEY, kid == null ? "the token names no kid" : "kid " + kid);
                }
                yield verifiedByAny(signed, verifiers);
            }
        };
        if (!verified) {
            throw new CustomTokenRefused(CustomTokenRefusal.BAD_SIGNATURE);
        }
        try {
            return signed.getJWTClaimsSet().toJSONObject();
        } catch (ParseException e) {
            throw new CustomTokenRefused(CustomTokenRefusal.MALFORMED, "the claims are not a JSON object");
        }
    }

    private static SignedJWT signed(String token, SigningAlgorithm algorithm) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.strip());
        } catch (ParseException | RuntimeException e) {
            throw new CustomTokenRefused(CustomTokenRefusal.MALFORMED);
        }
        if (jwt instanceof PlainJWT) {
            throw new CustomTokenRefused(CustomTokenRefusal.ALGORITHM_NOT_ALLOWED, "alg none");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new CustomTokenRefused(CustomTokenRefusal.MALFORMED, "an encrypted JWT");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!algorithm.name().equals(alg.getName())) {
            throw new CustomTokenRefused(
                    CustomTokenRefusal.ALGORITHM_NOT_ALLOWED, alg.getName() + ", expected " + algorithm);
        }
        return signed;
    }

    private static List<JWSVerifier> macVerifiers(List<byte[]> secrets) {
        List<JWSVerifier> verifiers = new ArrayList<>();
        for (byte[] secret : secrets) {
            try {
                verifiers.add(new MACVerifier(secret));
            } catch (JOSEException tooShort) {
                // shorter than 256 bits: the configuration refuses such keys; one stored before is skipped
            }
        }
        return verifiers;
    }

    private static Optional<JWSVerifier> verifier(JWK key, SigningAlgorithm algorithm) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())
                || key.getAlgorithm() != null
                        && !algorithm.name().equals(key.getAlgorithm().getName())) {
            return Optional.empty();
        }
        try {
            return switch (algorithm) {
                case RS256 ->
                    key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS
                            ? Optional.of(new RSASSAVerifier(rsa))
                            : Optional.empty();
                case ES256 ->
                    key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
                            ? Optional.of(new ECDSAVerifier(ec))
                            : Optional.empty();
                case HS256 -> Optional.empty();
            };
        } catch (JOSEException unusable) {
            return Optional.empty();
        }
    }

    private static boolean verifiedByAny(SignedJWT signed, List<JWSVerifier> verifiers) {
        for (JWSVerifier verifier : verifiers) {
            try {
                if (signed.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // this key cannot check this token: try the next
            }
        }
        return false;
    }

    /** Default limits: cache 10 min, refetch at most every 30 s, 3 s per fetch, 64 KiB, 50 keys. */
    public static JwkSetSource.Settings defaults(JwkSetSource.AddressPolicy addresses) {
        return new JwkSetSource.Settings(
                Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(3), 65_536, 50, addresses);
    }
}
