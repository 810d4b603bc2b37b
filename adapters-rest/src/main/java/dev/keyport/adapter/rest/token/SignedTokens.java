package dev.keyport.adapter.rest.token;

import dev.keyport.adapter.rest.json.FlatJsonWriter;
import dev.keyport.adapter.rest.token.CompactJws.Members;
import dev.keyport.adapter.rest.token.CompactJws.Parts;
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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every token Keyport hands out is a JWT, told apart by its {@code typ} claim, so that no kind is ever
 * accepted in place of another (written and read by {@link CompactJws}; signed with JCA engines kept per key):
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
 * tokens are all an {@link InvalidSession}, and so is a header with any other member than {@code alg} and
 * {@code kid} (no {@code crit}, {@code jku}, {@code b64} or the like: Keyport's tokens have exactly those two).
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
    private static final String ES256 = "ES256";
    private static final String HS256 = "HS256";
    /** ECDSA over P-256 with SHA-256, the signature as {@code r || s} (64 bytes), as JWS wants it. */
    private static final String ECDSA_JWS = "SHA256withECDSAinP1363Format";

    private static final String HMAC_SHA256 = "HmacSHA256";
    /** The only header members Keyport writes, and so the only ones it reads. */
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "kid");
    /** The order of P-256, big-endian, and its half: a signature's s above the half is the high-S twin. */
    private static final byte[] P256_ORDER =
            HexFormat.of().parseHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    private static final byte[] P256_HALF_ORDER =
            HexFormat.of().parseHex("7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8");

    /** The randomness of ECDSA nonces on providers that take it from the caller (SunEC; AWS-LC uses its own DRBG). */
    private static final SecureRandom SIGNATURE_RANDOM = new SecureRandom();

    private final TokenSettings settings;
    private final AccessTokenKeys accessKeys;
    private final TokenKeys tokenKeys;
    private final Clock clock;
    private volatile AccessSigner accessSigner;
    private final ConcurrentHashMap<String, AccessVerifier> accessVerifiers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, HmacEngines> hmacEngines = new ConcurrentHashMap<>();

    public SignedTokens(TokenSettings settings, AccessTokenKeys accessKeys, TokenKeys tokenKeys, Clock clock) {
        this.settings = settings;
        this.accessKeys = accessKeys;
        this.tokenKeys = tokenKeys;
        this.clock = clock;
    }

    /** An access token for this session, issued by {@code issuer} (see {@link Issuer}). */
    public String issueAccess(Caller session, String issuer) {
        Instant now = clock.instant();
        String payload = withSession(
                        claims(ACCESS, session.userId().value(), now, now.plus(settings.accessTokenLifetime()))
                                .string("iss", issuer)
                                .string("aud", settings.audience()),
                        session)
                .base64url();
        AccessSigner signer = signerFor(accessKeys.ring().signing());
        byte[] signature;
        try {
            signature = signer.engines().use(engine -> {
                engine.update(CompactJws.signingInput(signer.header(), payload));
                return engine.sign();
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
        return signer.header() + "." + payload + "." + CompactJws.encode(lowS(signature));
    }

    /** Whose session an access token belongs to, once its signature, type and expiry are checked. */
    public Caller verifyAccess(String token) {
        return caller(checked(token, ACCESS, parts -> {
            Optional<String> kid = parts.header().string("kid");
            if (!parts.header().string("alg").equals(Optional.of(ES256)) || kid.isEmpty()) {
                return false;
            }
            AccessTokenKeyRing.Published key = accessKeys.published(kid.get()).orElse(null);
            byte[] signature = parts.signature();
            if (key == null
                    || signature.length != 64
                    || !isLowS(signature)
                    || zero(signature, 0)
                    || zero(signature, 32)) {
                return false;
            }
            return verifierFor(key).engines().use(engine -> {
                engine.update(parts.signingInput());
                return engine.verify(signature);
            });
        }));
    }

    /** The signer of the current key, made once per key (the ring keeps the same {@code Signing} until it reloads). */
    private AccessSigner signerFor(AccessTokenKeyRing.Signing key) {
        AccessSigner cached = accessSigner;
        if (cached == null || cached.key() != key) {
            cached = new AccessSigner(key, header(key.kid(), ES256), new Engines<>(() -> {
                Signature engine = signatureEngine();
                engine.initSign(key.privateKey(), SIGNATURE_RANDOM);
                return engine;
            }));
            accessSigner = cached;
        }
        return cached;
    }

    /** The verifier of a published key, made once per key and kept while the ring hands out the same key. */
    private AccessVerifier verifierFor(AccessTokenKeyRing.Published key) {
        return perKey(
                accessVerifiers,
                key.kid(),
                cached -> cached.key().publicKey().equals(key.publicKey()),
                () -> new AccessVerifier(key, new Engines<>(() -> {
                    Signature engine = signatureEngine();
                    engine.initVerify(key.publicKey());
                    return engine;
                })));
    }

    /**
     * What {@code cache} holds for {@code kid} while it is still {@code current}, else a new one made and kept.
     * Keys are a handful at once (published keys, token keys): the cache is emptied rather than let grow past 64.
     */
    private static <V> V perKey(
            ConcurrentHashMap<String, V> cache, String kid, Predicate<V> current, Supplier<V> make) {
        V cached = cache.get(kid);
        if (cached == null || !current.test(cached)) {
            if (cache.size() > 64) {
                cache.clear();
            }
            cached = make.get();
            cache.put(kid, cached);
        }
        return cached;
    }

    /** The header of a token signed with {@code alg} under key {@code kid}: the only two members Keyport writes. */
    private static String header(String kid, String alg) {
        return new FlatJsonWriter().string("kid", kid).string("alg", alg).base64url();
    }

    private Signature signatureEngine() throws GeneralSecurityException {
        return settings.signatureProvider() == null
                ? Signature.getInstance(ECDSA_JWS)
                : Signature.getInstance(ECDSA_JWS, settings.signatureProvider());
    }

    private record AccessSigner(AccessTokenKeyRing.Signing key, String header, Engines<Signature> engines) {}

    private record AccessVerifier(AccessTokenKeyRing.Published key, Engines<Signature> engines) {}

    private record HmacEngines(TokenKeys.HmacKey key, String header, Engines<Mac> engines) {}

    /**
     * Idle JCA engines set up for one key. A {@code Signature} or {@code Mac} is not thread-safe and costs a
     * provider lookup and a key set-up to make, so each use takes an idle one (or makes one) and gives it
     * back; one that failed is dropped. At most {@link #IDLE} wait, whatever the number of callers.
     */
    private static final class Engines<T> {
        private static final int IDLE = 32;
        private final ArrayBlockingQueue<T> idle = new ArrayBlockingQueue<>(IDLE);
        private final Factory<T> factory;

        Engines(Factory<T> factory) {
            this.factory = factory;
        }

        <R> R use(Use<T, R> use) throws GeneralSecurityException {
            T engine = idle.poll();
            if (engine == null) {
                engine = factory.make();
            }
            R result = use.apply(engine);
            idle.offer(engine);
            return result;
        }

        interface Factory<T> {
            T make() throws GeneralSecurityException;
        }

        interface Use<T, R> {
            R apply(T engine) throws GeneralSecurityException;
        }
    }

    /** The signature with {@code s} replaced by {@code n - s} if it was above the half order: the same signature, low-S. */
    static byte[] lowS(byte[] signature) {
        if (signature.length != 64) {
            throw new IllegalStateException("an ES256 signature is 64 bytes, not " + signature.length);
        }
        if (isLowS(signature)) {
            return signature;
        }
        byte[] fixed = signature.clone();
        int borrow = 0;
        for (int i = 31; i >= 0; i--) {
            int difference = (P256_ORDER[i] & 0xFF) - (signature[32 + i] & 0xFF) - borrow;
            borrow = difference < 0 ? 1 : 0;
            fixed[32 + i] = (byte) difference;
        }
        return fixed;
    }

    private static boolean isLowS(byte[] signature) {
        return Arrays.compareUnsigned(signature, 32, 64, P256_HALF_ORDER, 0, 32) <= 0;
    }

    private static boolean zero(byte[] signature, int from) {
        for (int i = from; i < from + 32; i++) {
            if (signature[i] != 0) {
                return false;
            }
        }
        return true;
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
                        claims.string(SESSION_ID, session.sessionId().value())
                                .string(REFRESH_SECRET, stored.secret().reveal());
                    case RefreshCredential.KeySession keySession -> withSession(claims, keySession.caller());
                });
    }

    /** What a refresh token stands for, once its signature, type and expiry are checked. */
    public RefreshCredential verifyRefresh(String token) {
        Members claims = verified(token, REFRESH);
        try {
            if (claims.has(REFRESH_SECRET)) {
                return new RefreshCredential.StoredSession(
                        RefreshToken.presented(required(claims.string(REFRESH_SECRET))));
            }
            Caller caller = caller(claims);
            if (!caller.isKeySession()) {
                throw invalid();
            }
            return new RefreshCredential.KeySession(caller, Instant.ofEpochSecond(required(claims.integer("exp"))));
        } catch (InvalidParameter e) {
            throw invalid();
        }
    }

    /** The session claims shared by access tokens and key-session refresh tokens. */
    private static FlatJsonWriter withSession(FlatJsonWriter claims, Caller session) {
        claims.string(DEVICE_ID, session.deviceId().value())
                .string(SESSION_ID, session.sessionId().value());
        session.loggedInWith().ifPresent(key -> claims.string(API_KEY_ID, key.value()));
        session.keyGeneration().ifPresent(generation -> claims.integer(API_KEY_GENERATION, generation));
        return claims;
    }

    private static Caller caller(Members claims) {
        try {
            SessionId sessionId = new SessionId(required(claims.string(SESSION_ID)));
            UserId userId = new UserId(required(claims.string("sub")));
            DeviceId deviceId = new DeviceId(required(claims.string(DEVICE_ID)));
            Optional<ApiKeyId> key = optional(claims, API_KEY_ID).map(ApiKeyId::new);
            if (!claims.has(API_KEY_GENERATION)) {
                return Caller.ofStoredSession(sessionId, userId, deviceId, key);
            }
            long generation = required(claims.integer(API_KEY_GENERATION));
            if (key.isEmpty() || generation < 0) {
                throw invalid();
            }
            return Caller.ofKeySession(sessionId, userId, deviceId, key.get(), generation);
        } catch (InvalidParameter e) {
            throw invalid();
        }
    }

    /** A string claim that may be absent but, when present, must be a string. */
    private static Optional<String> optional(Members claims, String name) {
        return claims.has(name) ? Optional.of(required(claims.string(name))) : Optional.empty();
    }

    private static <T> T required(Optional<T> claim) {
        return claim.orElseThrow(SignedTokens::invalid);
    }

    /**
     * An admin access token: the lifetime of an access token, but HS256 under this server's own key and its own {@code typ}, so that it is refused on
     * every client route and a client token is refused on every admin route. It names its admin
     * session ({@code sid}), which sign-out and a password change end.
     */
    public String issueAdmin(AdminCaller admin) {
        Instant now = clock.instant();
        return sign(
                ADMIN,
                ADMIN_SUBJECT_PREFIX + admin.username(),
                now,
                now.plus(settings.accessTokenLifetime()),
                claims -> claims.string(SESSION_ID, admin.session().value()));
    }

    /** The admin and admin session a token claims; whether that session is still live is for the use case to say. */
    public AdminCaller verifyAdmin(String token) {
        Members claims = verified(token, ADMIN);
        String subject = required(claims.string("sub"));
        if (!subject.startsWith(ADMIN_SUBJECT_PREFIX)) {
            throw invalid();
        }
        try {
            return new AdminCaller(
                    subject.substring(ADMIN_SUBJECT_PREFIX.length()),
                    new SessionId(required(claims.string(SESSION_ID))));
        } catch (InvalidParameter e) {
            throw invalid();
        }
    }

    /** The claims every token has ({@code sub}, {@code iat}, {@code exp}, {@code typ}), in seconds; the kind's own follow. */
    private static FlatJsonWriter claims(String type, String subject, Instant issuedAt, Instant expiresAt) {
        return new FlatJsonWriter()
                .string("sub", subject)
                .integer("iat", issuedAt.getEpochSecond())
                .integer("exp", expiresAt.getEpochSecond())
                .string("typ", type);
    }

    /** A refresh or admin token: HS256 under the token key that signs now, named by its {@code kid} (ADR 0015). */
    private String sign(
            String type, String subject, Instant issuedAt, Instant expiresAt, UnaryOperator<FlatJsonWriter> extra) {
        HmacEngines key = hmacFor(tokenKeys.signing());
        String payload = extra.apply(claims(type, subject, issuedAt, expiresAt)).base64url();
        try {
            byte[] signature = key.engines().use(mac -> mac.doFinal(CompactJws.signingInput(key.header(), payload)));
            return key.header() + "." + payload + "." + CompactJws.encode(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a " + type + " token", e);
        }
    }

    /** The engines of an HMAC token key, made once per key (by kid and bytes: the key set hands out copies). */
    private HmacEngines hmacFor(TokenKeys.HmacKey key) {
        return perKey(hmacEngines, key.kid(), cached -> cached.key().equals(key), () -> {
            byte[] secret = key.secret();
            return new HmacEngines(key, header(key.kid(), HS256), new Engines<>(() -> {
                Mac mac = Mac.getInstance(HMAC_SHA256);
                mac.init(new SecretKeySpec(secret, HMAC_SHA256));
                return mac;
            }));
        });
    }

    /**
     * A refresh or admin token: HS256 under the token key its {@code kid} names while that key still
     * verifies; a token without a {@code kid} (issued before the key set) only under the legacy key, while
     * it is in the set.
     */
    private Members verified(String token, String expectedType) {
        return checked(token, expectedType, parts -> {
            if (!parts.header().string("alg").equals(Optional.of(HS256))
                    || parts.header().has("kid") && parts.header().string("kid").isEmpty()) {
                return false;
            }
            Optional<TokenKeys.HmacKey> key = tokenKeys.verifying(parts.header().string("kid"));
            if (key.isEmpty()) {
                return false;
            }
            byte[] expected = hmacFor(key.get()).engines().use(mac -> mac.doFinal(parts.signingInput()));
            return MessageDigest.isEqual(expected, parts.signature());
        });
    }

    private interface SignatureCheck {
        boolean passes(Parts parts) throws GeneralSecurityException;
    }

    /**
     * The claims of {@code token} once it is a canonical compact JWS whose header has only {@code alg} and
     * {@code kid}, whose signature passes, whose {@code typ} is {@code expectedType} and whose {@code exp} is
     * in the future.
     */
    private Members checked(String token, String expectedType, SignatureCheck signature) {
        Parts parts = CompactJws.parse(token)
                .filter(parsed -> parsed.header().onlyOf(HEADER_MEMBERS))
                .orElseThrow(SignedTokens::invalid);
        try {
            if (!signature.passes(parts)) {
                throw invalid();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalid();
        }
        Members claims = CompactJws.members(parts.payload()).orElseThrow(SignedTokens::invalid);
        long expires = required(claims.integer("exp"));
        if (clock.instant().getEpochSecond() >= expires || !claims.string("typ").equals(Optional.of(expectedType))) {
            throw invalid();
        }
        return claims;
    }

    private static InvalidSession invalid() {
        return new InvalidSession("invalid or expired token");
    }
}
