package dev.keyport.adapter.rest.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.sessions.port.in.RefreshCredential;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.RefreshToken;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every token Keyport hands out is a JWT (Nimbus JOSE+JWT), told apart by its {@code typ} claim, so
 * that no kind is ever accepted in place of another:
 * <ul>
 *   <li><b>access</b>: short-lived; signed ES256 with the current published key ({@code kid} in the
 *       header, {@link AccessTokenKeys}), so resource servers can check it against the JWKS. Carries what
 *       clients read ({@code sub}, {@code exp}, {@code iat}, {@code baas_device_id}), the session id
 *       ({@code sid}), {@code iss} (the issuer URL) and {@code aud} (the app id), and, for a key login,
 *       {@code api_key_id}. Its ECDSA signature is always the low-S one, and a high-S twin is refused:
 *       a token has one spelling. The JCA provider that signs and verifies is {@link TokenSettings#signatureProvider()}
 *       (AWS-LC through ACCP where it loads, else the JDK's SunEC: ADR 0020).</li>
 *   <li><b>refresh</b>: the session's token, expiring with the session ({@code exp}). realm-core parses
 *       it as a JWT (integer {@code exp} and {@code iat}) and logs the user out if it cannot. For a
 *       stored session it wraps the session's 256-bit secret ({@code rts}), which the use cases look
 *       up by digest: a JWT cannot be forged for a live stored session without both the signing key
 *       and that session's secret. A key session (ADR 0008) is not stored: its token carries what the
 *       session is ({@code sid}, {@code baas_device_id}, {@code api_key_id},
 *       {@code api_key_generation}), vouched for by the signature alone, and the use cases check the
 *       key's state. Either way a revoked or expired session is refused although its JWT verifies.</li>
 *   <li><b>admin</b>: the admin console's access token.</li>
 * </ul>
 * Refresh and admin tokens are HS256 under a key of the token key set ({@link TokenKeys}, named by
 * {@code kid} in the header, ADR 0015) that is never published: no resource server that trusts
 * the JWKS can be handed one in place of an access token. Verification accepts only ES256 with a
 * published key for access tokens and only HS256 with a token key that still verifies for the others: {@code alg: none},
 * other algorithms (HS256 over the public key included), unknown keys, other types, expired and malformed
 * tokens are all an {@link InvalidSession}.
 */
public final class SignedTokens {
    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";
    private static final String ADMIN = "admin";
    private static final String ADMIN_SUBJECT_PREFIX = "admin:";
    private static final String SESSION_ID = "sid";
    private static final String REFRESH_SECRET = "rts";
    private static final String DEVICE_ID = "baas_device_id";
    private static final String API_KEY_ID = "api_key_id";
    private static final String API_KEY_GENERATION = "api_key_generation";
    /** The order of P-256, for the low-S rule. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static final BigInteger P256_HALF_ORDER = P256_ORDER.shiftRight(1);

    /** The randomness of ECDSA nonces on providers that take it from the caller (SunEC; AWS-LC uses its own DRBG). */
    private static final SecureRandom SIGNATURE_RANDOM = new SecureRandom();

    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final TokenSettings settings;
    private final AccessTokenKeys accessKeys;
    private final TokenKeys tokenKeys;
    private final Clock clock;
    private volatile CachedSigner cachedSigner;

    public SignedTokens(TokenSettings settings, AccessTokenKeys accessKeys, TokenKeys tokenKeys, Clock clock) {
        this.settings = settings;
        this.accessKeys = accessKeys;
        this.tokenKeys = tokenKeys;
        this.clock = clock;
    }

    /** An access token for this session, issued by {@code issuer} (see {@link Issuer}). */
    public String issueAccess(Caller session, String issuer) {
        Instant now = clock.instant();
        JWTClaimsSet claims = claims(
                ACCESS,
                session.userId().value(),
                now,
                now.plus(settings.accessTokenLifetime()),
                builder -> withSession(builder.issuer(issuer).audience(settings.audience()), session));
        AccessTokenKeyRing.Signing key = accessKeys.ring().signing();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).build(), claims);
        try {
            jwt.sign(signerFor(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
        byte[] signature = jwt.getSignature().decode();
        if (isLowS(signature)) {
            return jwt.serialize();
        }
        return jwt.getHeader().toBase64URL() + "." + jwt.getPayload().toBase64URL() + "."
                + URL_ENCODER.encodeToString(lowTwin(signature));
    }

    /** Whose session an access token belongs to, once its signature, type and expiry are checked. */
    public Caller verifyAccess(String token) {
        return caller(checked(token, ACCESS, jwt -> {
            AccessTokenKeyRing.Published key =
                    accessKeys.published(jwt.getHeader().getKeyID()).orElse(null);
            byte[] signature = jwt.getSignature().decode();
            return key != null
                    && JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                    && signature.length == 64
                    && isLowS(signature)
                    && jwt.verify(verifierFor(key));
        }));
    }

    /** The signer of the current key, made once per key (the ring keeps the same {@code Signing} until it reloads). */
    private JWSSigner signerFor(AccessTokenKeyRing.Signing key) throws JOSEException {
        CachedSigner cached = cachedSigner;
        if (cached == null || cached.key() != key) {
            ECDSASigner signer = new ECDSASigner(key.privateKey());
            if (settings.signatureProvider() != null) {
                signer.getJCAContext().setProvider(settings.signatureProvider());
            }
            // without one, Nimbus makes a new SecureRandom for every signature (a profile showed it on the login path)
            signer.getJCAContext().setSecureRandom(SIGNATURE_RANDOM);
            cached = new CachedSigner(key, signer);
            cachedSigner = cached;
        }
        return cached.signer();
    }

    private JWSVerifier verifierFor(AccessTokenKeyRing.Published key) throws JOSEException {
        ECDSAVerifier verifier = new ECDSAVerifier(key.publicKey());
        if (settings.signatureProvider() != null) {
            verifier.getJCAContext().setProvider(settings.signatureProvider());
        }
        return verifier;
    }

    private record CachedSigner(AccessTokenKeyRing.Signing key, ECDSASigner signer) {}

    /** A high-S ECDSA signature {@code r || s} with {@code s} replaced by {@code n - s}: the same signature, low-S. */
    private static byte[] lowTwin(byte[] signature) {
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        byte[] fixed = signature.clone();
        System.arraycopy(AccessTokenKeyRing.p256Bytes(P256_ORDER.subtract(s)), 0, fixed, 32, 32);
        return fixed;
    }

    private static boolean isLowS(byte[] signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)).compareTo(P256_HALF_ORDER) <= 0;
    }

    /** The refresh token of a session just opened: valid as long as the session is. */
    public String issueRefresh(OpenedSession opened) {
        Caller session = opened.session();
        return sign(
                REFRESH,
                session.userId().value(),
                clock.instant(),
                opened.expiresAt(),
                claims -> switch (opened.credential()) {
                    case RefreshCredential.StoredSession stored ->
                        claims.claim(SESSION_ID, session.sessionId().value())
                                .claim(REFRESH_SECRET, stored.secret().reveal());
                    case RefreshCredential.KeySession keySession -> withSession(claims, keySession.caller());
                });
    }

    /** What a refresh token stands for, once its signature, type and expiry are checked. */
    public RefreshCredential verifyRefresh(String token) {
        JWTClaimsSet claims = verified(token, REFRESH);
        try {
            String secret = claims.getStringClaim(REFRESH_SECRET);
            if (secret != null) {
                return new RefreshCredential.StoredSession(RefreshToken.presented(secret));
            }
            Caller caller = caller(claims);
            if (!caller.isKeySession()) {
                throw invalid();
            }
            return new RefreshCredential.KeySession(
                    caller, claims.getExpirationTime().toInstant());
        } catch (ParseException | InvalidParameter e) {
            throw invalid();
        }
    }

    /** The session claims shared by access tokens and key-session refresh tokens. */
    private static JWTClaimsSet.Builder withSession(JWTClaimsSet.Builder claims, Caller session) {
        claims.claim(DEVICE_ID, session.deviceId().value())
                .claim(SESSION_ID, session.sessionId().value());
        session.loggedInWith().ifPresent(key -> claims.claim(API_KEY_ID, key.value()));
        session.keyGeneration().ifPresent(generation -> claims.claim(API_KEY_GENERATION, generation));
        return claims;
    }

    private static Caller caller(JWTClaimsSet claims) {
        try {
            SessionId sessionId = new SessionId(claims.getStringClaim(SESSION_ID));
            UserId userId = new UserId(claims.getSubject());
            DeviceId deviceId = new DeviceId(claims.getStringClaim(DEVICE_ID));
            Optional<ApiKeyId> key =
                    Optional.ofNullable(claims.getStringClaim(API_KEY_ID)).map(ApiKeyId::new);
            Long generation = claims.getLongClaim(API_KEY_GENERATION);
            if (generation == null) {
                return Caller.ofStoredSession(sessionId, userId, deviceId, key);
            }
            if (key.isEmpty() || generation < 0) {
                throw invalid();
            }
            return Caller.ofKeySession(sessionId, userId, deviceId, key.get(), generation);
        } catch (ParseException | InvalidParameter | NullPointerException e) {
            throw invalid();
        }
    }

    /**
     * An admin access token: the lifetime of an access token, but HS256 under this server's own key and its own {@code typ}, so that it is refused on
     * every client route and a client token is refused on every admin route. It names its admin
     * session ({@code sid}), which sign-out and a password change end.
     */
    public String issueAdmin(AdminCaller admin) {
        return signShortLived(
                ADMIN,
                ADMIN_SUBJECT_PREFIX + admin.username(),
                claims -> claims.claim(SESSION_ID, admin.session().value()));
    }

    /** The admin and admin session a token claims; whether that session is still live is for the use case to say. */
    public AdminCaller verifyAdmin(String token) {
        JWTClaimsSet claims = verified(token, ADMIN);
        String subject = claims.getSubject();
        if (subject == null || !subject.startsWith(ADMIN_SUBJECT_PREFIX)) {
            throw invalid();
        }
        try {
            return new AdminCaller(
                    subject.substring(ADMIN_SUBJECT_PREFIX.length()), new SessionId(claims.getStringClaim(SESSION_ID)));
        } catch (ParseException | InvalidParameter | NullPointerException e) {
            throw invalid();
        }
    }

    /** Admin tokens: issued now, expiring after the access-token lifetime. */
    private String signShortLived(String type, String subject, UnaryOperator<JWTClaimsSet.Builder> extra) {
        Instant now = clock.instant();
        return sign(type, subject, now, now.plus(settings.accessTokenLifetime()), extra);
    }

    /** The claims every token has ({@code sub}, {@code iat}, {@code exp}, {@code typ}) and the kind's own. */
    private static JWTClaimsSet claims(
            String type,
            String subject,
            Instant issuedAt,
            Instant expiresAt,
            UnaryOperator<JWTClaimsSet.Builder> extra) {
        return extra.apply(new JWTClaimsSet.Builder()
                        .subject(subject)
                        .issueTime(Date.from(issuedAt))
                        .expirationTime(Date.from(expiresAt))
                        .claim("typ", type))
                .build();
    }

    /** A refresh or admin token: HS256 under the token key that signs now, named by its {@code kid} (ADR 0015). */
    private String sign(
            String type,
            String subject,
            Instant issuedAt,
            Instant expiresAt,
            UnaryOperator<JWTClaimsSet.Builder> extra) {
        TokenKeys.HmacKey key = tokenKeys.signing();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.kid()).build(),
                claims(type, subject, issuedAt, expiresAt, extra));
        try {
            jwt.sign(new MACSigner(key.secret()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a " + type + " token", e);
        }
        return jwt.serialize();
    }

    /**
     * A refresh or admin token: HS256 under the token key its {@code kid} names while that key still
     * verifies; a token without a {@code kid} (issued before the key set) only under the legacy key, while
     * it is in the set.
     */
    private JWTClaimsSet verified(String token, String expectedType) {
        return checked(token, expectedType, jwt -> {
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return false;
            }
            Optional<TokenKeys.HmacKey> key =
                    tokenKeys.verifying(Optional.ofNullable(jwt.getHeader().getKeyID()));
            return key.isPresent() && jwt.verify(new MACVerifier(key.get().secret()));
        });
    }

    private interface SignatureCheck {
        boolean passes(SignedJWT jwt) throws JOSEException;
    }

    private JWTClaimsSet checked(String token, String expectedType, SignatureCheck signature) {
        if (!isCanonicalCompactJws(token)) {
            throw invalid();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!signature.passes(jwt)) {
                throw invalid();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (expires == null
                    || !clock.instant().isBefore(expires.toInstant())
                    || !expectedType.equals(claims.getStringClaim("typ"))) {
                throw invalid();
            }
            return claims;
        } catch (ParseException | JOSEException | IllegalStateException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    /**
     * Exactly three segments of unpadded base64url, each the canonical encoding of its bytes. A
     * lenient decoder skips characters outside the alphabet and ignores the unused low bits of the
     * last character, so {@code <token>!!} or a signature whose last character differs in those bits
     * would still verify: the same token would have many spellings. Keyport hands out one.
     */
    static boolean isCanonicalCompactJws(String token) {
        String[] segments = token.split("\\.", -1);
        if (segments.length != 3) {
            return false;
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return false;
            }
            try {
                // the decoder refuses characters outside the alphabet; re-encoding catches padding and stray bits
                if (!URL_ENCODER.encodeToString(URL_DECODER.decode(segment)).equals(segment)) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }

    private static InvalidSession invalid() {
        return new InvalidSession("invalid or expired token");
    }
}
