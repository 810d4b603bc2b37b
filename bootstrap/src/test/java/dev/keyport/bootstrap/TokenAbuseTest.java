package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyport.application.UseCases;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad token is a 401 {@code InvalidSession} on every token-taking route. The server's
 * signing key is configured here, so the test can mint tokens that are valid in every way but one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAbuseTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String ADMIN = "/api/admin/v3.0";

    private KeyportTestServer server;
    private ProtocolClient client;
    private Login user;
    private String adminToken;

    @BeforeAll
    void start() {
        server = KeyportTestServer.start(Map.of(
                "keyport.jwt.secret",
                Base64.getEncoder().encodeToString(KEY),
                "keyport.admin.username",
                "root",
                "keyport.admin.password",
                "admin-secret"));
        client = server.client();
        user = client.registerAndLogIn("tokens@example.org");
        adminToken = client.post(
                        ADMIN + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"root\",\"password\":\"admin-secret\"}")
                .text("access_token");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String sign(byte[] key, JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 under the refresh-token key, naming it by its kid as Keyport does: only what the test changes is wrong. */
    private String signRefresh(JWTClaimsSet claims) {
        try {
            String kid = server.context()
                    .getBean(dev.keyport.application.UseCases.class)
                    .tokenKeys()
                    .signing()
                    .kid();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
            jwt.sign(new MACSigner(KEY));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed ES256 with the server's own current access-token key: only what the test changes is wrong. */
    private String signAccess(JWTClaimsSet claims) {
        AccessTokenKeyRing.Signing key = server.context()
                .getBean(UseCases.class)
                .accessTokenKeys()
                .ring()
                .signing();
        return signEs256(key.privateKey(), key.kid(), claims);
    }

    /** A low-S ES256 signature (as Keyport issues), so that the only fault is the one the case names. */
    private static String signEs256(java.security.interfaces.ECPrivateKey key, String kid, JWTClaimsSet claims) {
        try {
            while (true) {
                JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256);
                if (kid != null) {
                    header.keyID(kid);
                }
                SignedJWT jwt = new SignedJWT(header.build(), claims);
                jwt.sign(new ECDSASigner(key));
                if (!isHighS(jwt.getSignature().decode())) {
                    return jwt.serialize();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static boolean isHighS(byte[] signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)).compareTo(P256_ORDER.shiftRight(1)) > 0;
    }

    /** The same signature with s replaced by n - s: as valid to a lenient ECDSA verifier, another spelling. */
    private static String highSTwin(String token) {
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        byte[] flipped = P256_ORDER.subtract(s).toByteArray();
        byte[] twin = signature.clone();
        Arrays.fill(twin, 32, 64, (byte) 0);
        int length = Math.min(flipped.length, 32);
        System.arraycopy(flipped, flipped.length - length, twin, 64 - length, length);
        return parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(twin);
    }

    private static java.security.KeyPair foreignKeyPair() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet.Builder validAccessClaims() {
        return claimsOf(user.accessToken());
    }

    private JWTClaimsSet.Builder validRefreshClaims() {
        return claimsOf(user.refreshToken());
    }

    private static JWTClaimsSet.Builder claimsOf(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        try {
            return new JWTClaimsSet.Builder(JWTClaimsSet.parse(payload));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> badAccessTokens() {
        Map<String, String> tokens = new LinkedHashMap<>();
        String valid = user.accessToken();
        String[] parts = valid.split("\\.");
        tokens.put(
                "forged signature",
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + "AAAA" + parts[2].substring(14));
        tokens.put("truncated", valid.substring(0, valid.length() - 12));
        tokens.put("header and payload only", parts[0] + "." + parts[1] + ".");
        tokens.put(
                "alg none",
                Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + parts[1] + ".");
        AccessTokenKeyRing ring =
                server.context().getBean(UseCases.class).accessTokenKeys().ring();
        String kid = ring.signing().kid();
        tokens.put(
                "ES256 by a foreign key under the real kid",
                signEs256(
                        (java.security.interfaces.ECPrivateKey) foreignKeyPair().getPrivate(),
                        kid,
                        validAccessClaims().build()));
        tokens.put(
                "ES256 by the real key under an unknown kid",
                signEs256(
                        ring.signing().privateKey(),
                        "unknown-kid",
                        validAccessClaims().build()));
        tokens.put(
                "ES256 by the real key without a kid",
                signEs256(ring.signing().privateKey(), null, validAccessClaims().build()));
        tokens.put(
                "HS256 with the refresh-token key",
                sign(KEY, JWSAlgorithm.HS256, validAccessClaims().build()));
        tokens.put(
                "HS256 keyed with the published public key",
                sign(
                        ring.find(kid).orElseThrow().publicKey().getEncoded(),
                        JWSAlgorithm.HS256,
                        validAccessClaims().build()));
        tokens.put("the high-S twin of the real signature", highSTwin(valid));
        tokens.put(
                "expired",
                signAccess(validAccessClaims()
                        .expirationTime(Date.from(Instant.now().minusSeconds(1)))
                        .build()));
        tokens.put(
                "no expiry", signAccess(validAccessClaims().expirationTime(null).build()));
        tokens.put(
                "admin type on a client route",
                signAccess(validAccessClaims().claim("typ", "admin").build()));
        tokens.put(
                "refresh type on a client route",
                signAccess(validAccessClaims().claim("typ", "refresh").build()));
        tokens.put(
                "session that does not exist",
                signAccess(validAccessClaims()
                        .claim("sid", "0123456789abcdef01234567")
                        .build()));
        tokens.put("refresh token used as access token", user.refreshToken());
        tokens.put("admin token", adminToken);
        tokens.put("empty", "");
        tokens.put("garbage", "not.a.token");
        tokens.putAll(respelled(valid));
        return tokens;
    }

    Map<String, String> badRefreshTokens() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("access token used as refresh token", user.accessToken());
        tokens.put("admin token", adminToken);
        tokens.put(
                "truncated",
                user.refreshToken().substring(0, user.refreshToken().length() - 1));
        tokens.put(
                "one character changed",
                user.refreshToken().substring(0, 5)
                        + (user.refreshToken().charAt(5) == 'a' ? 'b' : 'a')
                        + user.refreshToken().substring(6));
        tokens.put("empty", "");
        tokens.put("4,000 characters", "x".repeat(4_000));
        String[] parts = user.refreshToken().split("\\.");
        tokens.put(
                "forged signature",
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + "AAAA" + parts[2].substring(14));
        tokens.put(
                "alg none",
                Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + parts[1] + ".");
        tokens.put(
                "wrong key",
                sign(
                        "another-key-another-key-another-k".getBytes(StandardCharsets.US_ASCII),
                        JWSAlgorithm.HS256,
                        validRefreshClaims().build()));
        tokens.put(
                "signed with the right key but a secret of no session",
                signRefresh(validRefreshClaims()
                        .claim("rts", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                        .build()));
        tokens.put(
                "signed with the right key but no secret",
                signRefresh(validRefreshClaims().claim("rts", null).build()));
        tokens.put(
                "ES256 with the access-token key",
                signAccess(validRefreshClaims().build()));
        tokens.put(
                "the right key without a kid (only the legacy key verifies those)",
                sign(KEY, JWSAlgorithm.HS256, validRefreshClaims().build()));
        tokens.put(
                "the right key under another kid",
                signRefreshUnder("another-kid", validRefreshClaims().build()));
        tokens.put(
                "the real secret re-typed as an access token",
                signRefresh(validRefreshClaims().claim("typ", "access").build()));
        tokens.put(
                "the real secret, expired",
                signRefresh(validRefreshClaims()
                        .expirationTime(Date.from(Instant.now().minusSeconds(1)))
                        .build()));
        tokens.put(
                "the real secret, no expiry",
                signRefresh(validRefreshClaims().expirationTime(null).build()));
        tokens.put(
                "the bare secret (an opaque token, as issued before refresh tokens were JWTs)",
                validRefreshClaims().build().getClaim("rts").toString());
        tokens.putAll(respelled(user.refreshToken()));
        return tokens;
    }

    /**
     * A valid token spelled differently: a lenient base64url decoder reads the same bytes, so the
     * signature still verifies. Each must be refused: a token has exactly one spelling.
     */
    static Map<String, String> respelled(String valid) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String[] parts = valid.split("\\.");
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 1);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("'!!' after the signature", valid + "!!");
        tokens.put(
                "'*' inside the signature",
                parts[0] + "." + parts[1] + "." + signature.substring(0, 5) + "*" + signature.substring(5));
        tokens.put("padding after the signature", valid + "=");
        tokens.put(
                "standard base64 '+' for '-'",
                parts[0] + "." + parts[1] + "." + signature.replace('-', '+').replace('_', '/')
                        + (signature.contains("-") || signature.contains("_") ? "" : "+"));
        tokens.put(
                "other unused bits in the signature's last character",
                parts[0] + "." + parts[1] + "." + signature.substring(0, signature.length() - 1)
                        + alphabet.charAt(alphabet.indexOf(last) ^ 1));
        tokens.put("a fourth segment", valid + ".e30");
        return tokens;
    }

    java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> accessCases() {
        return badAccessTokens().entrySet().stream()
                .map(e -> org.junit.jupiter.params.provider.Arguments.of(e.getKey(), e.getValue()));
    }

    java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refreshCases() {
        return badRefreshTokens().entrySet().stream()
                .map(e -> org.junit.jupiter.params.provider.Arguments.of(e.getKey(), e.getValue()));
    }

    private static void assertInvalidSession(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("InvalidSession");
    }

    @ParameterizedTest(name = "access route refuses: {0}")
    @MethodSource("accessCases")
    void bad_access_tokens_are_refused(String label, String token) {
        assertInvalidSession(client.get("/api/client/v2.0/auth/profile", token));
        assertThat(client.get("/api/client/v2.0/auth/profile", user.accessToken())
                        .status())
                .as("the real one works")
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "refresh routes refuse: {0}")
    @MethodSource("refreshCases")
    void bad_refresh_tokens_are_refused(String label, String token) {
        assertInvalidSession(client.post("/api/client/v2.0/auth/session", token, null));
        assertInvalidSession(client.get("/api/client/v2.0/auth/api_keys", token));
        assertInvalidSession(client.send("DELETE", "/api/client/v2.0/auth/session", token, null));
        assertThat(client.get("/api/client/v2.0/auth/api_keys", user.refreshToken())
                        .status())
                .as("the real one works")
                .isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void a_token_signed_like_keyports_own_with_its_kid_is_accepted_so_the_refusals_above_are_for_what_they_change() {
        assertThat(client.get(
                                "/api/client/v2.0/auth/api_keys",
                                signRefresh(validRefreshClaims().build()))
                        .status())
                .isEqualTo(200);
    }

    private String signRefreshUnder(String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
            jwt.sign(new MACSigner(KEY));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void a_token_too_large_for_the_http_layer_is_a_4xx_in_the_error_format() {
        Answer answer = client.get("/api/client/v2.0/auth/api_keys", "x".repeat(10_000));
        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertThat(answer.errorCode()).isNotBlank();
        assertThat(answer.text("error"))
                .as("names what was wrong: the headers, not a body")
                .contains("headers");
    }

    @ParameterizedTest(name = "admin routes refuse: {0}")
    @MethodSource("accessCases")
    void admin_routes_refuse_everything_but_an_admin_token(String label, String token) {
        if (token.equals(adminToken)) {
            assertThat(client.get(ADMIN + "/apps/keyport/api_keys", token).status())
                    .isEqualTo(200);
            return;
        }
        assertInvalidSession(client.get(ADMIN + "/apps/keyport/api_keys", token));
        String forgedAdmin = sign(
                "another-key-another-key-another-k".getBytes(StandardCharsets.US_ASCII),
                JWSAlgorithm.HS256,
                new JWTClaimsSet.Builder()
                        .subject("admin:root")
                        .claim("typ", "admin")
                        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .build());
        assertInvalidSession(client.get(ADMIN + "/apps/keyport/api_keys", forgedAdmin));
        assertInvalidSession(client.get(ADMIN + "/apps/keyport/api_keys", user.refreshToken()));
    }
}
