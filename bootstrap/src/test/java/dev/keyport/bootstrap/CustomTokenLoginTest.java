package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code custom-token} provider (issue 28) over HTTP on the wired server, with the identity provider played by
 * a JWK set served from this test: RS256 through the JWK URI, ES256, HS256 with shared keys; the user keyed by
 * issuer and subject, its metadata refreshed, its API keys; every refusal rule answered 401 {@code InvalidPassword}
 * with the database unchanged; rotation followed, refetching rate-limited; the JWK URI's limits (address, size,
 * time).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomTokenLoginTest {
    private static final String ISSUER = "https://idp.example.org/realms/keyport";
    private static final String AUDIENCE = "keyport-app";
    private static final String LOGIN = ProtocolClient.APP + "/auth/providers/custom-token/login";
    private static final String PROVIDER = "/api/admin/v3.0/apps/keyport/auth_providers/custom-token";
    private static final List<String> UNCOUNTED = List.of("audit_events", "login_failures");

    private final AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicLong jwksDelayMillis = new AtomicLong();
    private HttpServer idp;
    private KeyportTestServer server;
    private ProtocolClient client;
    private Connection dumps;
    private String admin;
    private RSAKey rsa;
    private final AtomicInteger uriCounter = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/certs", exchange -> {
            jwksRequests.incrementAndGet();
            try {
                Thread.sleep(jwksDelayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        idp.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        idp.start();
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        server = KeyportTestServer.start(
                db.micronautProperties(),
                Map.of(
                        "keyport.admin.username",
                        "root",
                        "keyport.admin.password",
                        "admin-secret",
                        "keyport.custom-token.jwks.allowed-networks",
                        "127.0.0.0/8",
                        "keyport.custom-token.jwks.min-refetch-interval",
                        "2s",
                        "keyport.custom-token.jwks.fetch-timeout",
                        "1s",
                        "keyport.custom-token.jwks.max-bytes",
                        "20000"));
        client = server.client();
        dumps = db.connect();
        admin = client.adminToken();
    }

    @AfterAll
    void stop() throws Exception {
        dumps.close();
        server.close();
        idp.stop(0);
    }

    @BeforeEach
    void anRsaKeyAndTheProviderOnRs256() throws Exception {
        uriCounter.incrementAndGet();
        rsa = new RSAKeyGenerator(2048).keyID("k1-" + System.nanoTime()).generate();
        publish(rsa);
        jwksDelayMillis.set(0);
        configure(rs256Provider(jwksUri()), Map.of());
    }

    /** Each test its own JWK URI, so that the refetch limit of one (per URI) does not reach into the next. */
    private String jwksUri() {
        return "http://127.0.0.1:" + idp.getAddress().getPort() + "/certs?test=" + uriCounter.get();
    }

    private void publish(com.nimbusds.jose.jwk.JWK... keys) {
        jwks.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private static String rs256Provider(String jwkUri) {
        return """
                {"name":"custom-token","type":"custom-token","disabled":false,
                 "config":{"audience":["%s"],"requireAnyAudience":true,"signingAlgorithm":"RS256","useJWKURI":true,
                           "jwkURI":"%s"},
                 "metadata_fields":[{"required":true,"name":"email","field_name":"email"},
                                    {"required":false,"name":"user_data.name","field_name":"name"}]}
                """.formatted(AUDIENCE, jwkUri);
    }

    private Answer configure(String document, Map<String, String> unused) {
        return client.send("PUT", PROVIDER, admin, document);
    }

    private JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(List.of(AUDIENCE, "account"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("email", subject + "@example.org")
                .claim("user_data", Map.of("name", "Ann " + subject));
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String rs256(RSAKey key, JWTClaimsSet claims) throws Exception {
        return sign(
                new RSASSASigner(key),
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
    }

    private Answer logIn(String token) {
        return client.post(
                LOGIN, null, "{\"token\":\"" + token + "\",\"options\":{\"device\":{\"platform\":\"test\"}}}");
    }

    // --- logins --------------------------------------------------------------------------------

    @Test
    void the_first_login_creates_the_user_later_logins_find_it_and_refresh_its_metadata_and_its_keys_log_in_as_it()
            throws Exception {
        String subject = "user-" + System.nanoTime();
        Answer first = logIn(rs256(rsa, claims(subject).build()));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String userId = first.text("user_id");

        Answer profile = client.get(ProtocolClient.CLIENT + "/auth/profile", first.text("access_token"));
        assertThat(profile.json().get("identities").get(0).get("provider_type").getStringValue())
                .isEqualTo("custom-token");
        assertThat(profile.json().get("identities").get(0).get("provider_id").getStringValue())
                .isEqualTo(subject);
        assertThat(profile.json().get("data").get("email").getStringValue()).isEqualTo(subject + "@example.org");
        assertThat(profile.json().get("data").get("name").getStringValue()).isEqualTo("Ann " + subject);

        Answer again = logIn(rs256(
                rsa,
                claims(subject)
                        .claim("user_data", Map.of("name", "Ann Renamed"))
                        .build()));
        assertThat(again.text("user_id")).isEqualTo(userId);
        assertThat(client.get(ProtocolClient.CLIENT + "/auth/profile", again.text("access_token"))
                        .json()
                        .get("data")
                        .get("name")
                        .getStringValue())
                .isEqualTo("Ann Renamed");

        Answer key = client.createKey(again.text("refresh_token"), "device-1");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        Answer keyLogin = client.logInWithKey(key.text("key"));
        assertThat(keyLogin.status()).isEqualTo(200);
        assertThat(keyLogin.text("user_id")).isEqualTo(userId);

        // the same subject from another issuer is another user
        Answer otherIssuer = logIn(
                rs256(rsa, claims(subject).issuer("https://other.example.org").build()));
        assertThat(otherIssuer.text("user_id")).isNotEqualTo(userId);
    }

    @Test
    void a_rotated_key_is_followed_and_unknown_key_ids_refetch_at_most_once_per_interval() throws Exception {
        assertThat(logIn(rs256(rsa, claims("rotating").build())).status()).isEqualTo(200);
        RSAKey next = new RSAKeyGenerator(2048).keyID("k2-" + System.nanoTime()).generate();
        publish(next); // the identity provider rotated: the old key is gone, the new one signs
        int before = jwksRequests.get();
        // within the refetch interval (2 s here, 30 s by default) of the last fetch, a new kid is not fetched yet
        assertThat(logIn(rs256(next, claims("rotating").build())).status()).isEqualTo(401);
        assertThat(jwksRequests.get()).isEqualTo(before);
        Thread.sleep(2100);
        assertThat(logIn(rs256(next, claims("rotating").build())).status()).isEqualTo(200);
        assertThat(jwksRequests.get()).isEqualTo(before + 1);

        for (int i = 0; i < 20; i++) { // made-up key ids right after: refused without asking the identity provider
            Answer refused = logIn(sign(
                    new RSASSASigner(rsa),
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID("made-up-" + i)
                            .build(),
                    claims("rotating").build()));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("kid");
        }
        assertThat(jwksRequests.get()).isEqualTo(before + 1);
    }

    @Test
    void es256_through_the_jwk_uri_and_hs256_with_either_of_two_shared_keys() throws Exception {
        ECKey ec =
                new ECKeyGenerator(Curve.P_256).keyID("ec-" + System.nanoTime()).generate();
        publish(ec);
        assertThat(configure(rs256Provider(jwksUri()).replace("\"RS256\"", "\"ES256\""), Map.of())
                        .status())
                .isEqualTo(200);
        String es256 = sign(
                new ECDSASigner(ec),
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                claims("ec-user").build());
        assertThat(logIn(es256).status()).isEqualTo(200);

        String first = "a-first-shared-secret-of-32-bytes-or-more";
        String second = "the-second-shared-secret-also-32-bytes-long";
        String hs256 = """
                {"name":"custom-token","type":"custom-token","disabled":false,
                 "config":{"audience":"%s","signingAlgorithm":"HS256","useJWKURI":false},
                 "secret_config":{"signingKeys":["primaryKey","secondaryKey"]},
                 "metadata_fields":[]%s}
                """;
        Answer withoutValues = configure(hs256.formatted(AUDIENCE, ""), Map.of());
        assertThat(withoutValues.status()).isEqualTo(400);
        assertThat(withoutValues.body()).contains("primaryKey");
        Answer configured = configure(
                hs256.formatted(
                        AUDIENCE,
                        ",\"secrets\":{\"primaryKey\":\"" + first + "\",\"secondaryKey\":\"" + second + "\"}"),
                Map.of());
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.body()).doesNotContain(first).doesNotContain(second);
        assertThat(client.get("/api/admin/v3.0/apps/keyport/export", admin).body())
                .doesNotContain(first);

        JWSHeader header = new JWSHeader(JWSAlgorithm.HS256);
        assertThat(logIn(sign(new MACSigner(second), header, claims("hs-user").build()))
                        .status())
                .isEqualTo(200);
        assertThat(logIn(sign(new MACSigner(first), header, claims("hs-user").build()))
                        .status())
                .isEqualTo(200);
        assertRefused(
                sign(
                        new MACSigner("an-unknown-secret-that-is-32-bytes-long!"),
                        header,
                        claims("hs-user").build()),
                "signature");
        // an RS256 token is refused by an HS256 provider
        assertRefused(rs256(rsa, claims("hs-user").build()), "algorithm");
    }

    // --- refusals: 401 InvalidPassword, nothing created ------------------------------------------

    private void assertRefused(String token, String because) throws Exception {
        String before = DatabaseDump.of(dumps, UNCOUNTED);
        Answer answer = logIn(token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("InvalidPassword");
        assertThat(answer.text("error")).contains(because);
        assertThat(DatabaseDump.of(dumps, UNCOUNTED))
                .as("a refused token changed the database")
                .isEqualTo(before);
    }

    private void assertRefused(Consumer<JWTClaimsSet.Builder> change, String because) throws Exception {
        JWTClaimsSet.Builder claims = claims("refused-" + System.nanoTime());
        change.accept(claims);
        assertRefused(rs256(rsa, claims.build()), because);
    }

    @Test
    void expired_not_yet_valid_wrong_audience_no_subject_no_expiry_and_a_missing_required_field_are_refused()
            throws Exception {
        Instant now = Instant.now();
        // the clock skew is 60 s: 61 s past exp is refused, 30 s past is not
        assertRefused(claims -> claims.expirationTime(Date.from(now.minusSeconds(61))), "expired");
        assertThat(logIn(rs256(
                                rsa,
                                claims("late")
                                        .expirationTime(Date.from(now.minusSeconds(30)))
                                        .build()))
                        .status())
                .isEqualTo(200);
        assertRefused(claims -> claims.notBeforeTime(Date.from(now.plusSeconds(120))), "not valid yet");
        assertRefused(claims -> claims.audience("another-app"), "aud");
        assertRefused(claims -> claims.audience(List.of()), "aud");
        assertRefused(claims -> claims.subject(null), "sub");
        assertRefused(claims -> claims.subject(""), "sub");
        assertRefused(claims -> claims.expirationTime(null), "exp");
        assertRefused(claims -> claims.claim("email", null), "metadata");
    }

    /** A token over a payload written by hand, so that it can carry JSON escapes a claims builder would not write. */
    private String rs256Raw(String payloadJson) throws Exception {
        com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(rsa.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new com.nimbusds.jose.Payload(payloadJson));
        jws.sign(new RSASSASigner(rsa));
        return jws.serialize();
    }

    private String rawClaims(String subjectJson, String emailJson) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"sub\":" + subjectJson + ",\"aud\":[\"" + AUDIENCE + "\"],\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"email\":" + emailJson + "}";
    }

    @Test
    void a_claim_with_u0000_or_an_unpaired_surrogate_is_refused_so_no_two_subjects_become_one_user() throws Exception {
        // found by the hostile review: PostgreSQL answered 500 for U+0000 and stored a lone surrogate as '?', so the
        // subjects "\ud800", "\udfff" and "?" were one user
        assertRefused(rs256Raw(rawClaims("\"a\\u0000b\"", "\"z@example.org\"")), "U+0000");
        assertRefused(rs256Raw(rawClaims("\"\\ud800\"", "\"z@example.org\"")), "surrogate");
        assertRefused(rs256Raw(rawClaims("\"\\udfff\"", "\"z@example.org\"")), "surrogate");
        assertRefused(rs256Raw(rawClaims("\"nul-in-email\"", "\"a\\u0000b@example.org\"")), "U+0000");
        assertRefused(rs256Raw(rawClaims("\"surrogate-in-email\"", "\"\\ud800@example.org\"")), "surrogate");
        // a whole pair is text like any other
        Answer paired = logIn(rs256Raw(rawClaims("\"\\ud83d\\ude00\"", "\"smile@example.org\"")));
        assertThat(paired.status()).as(paired.body()).isEqualTo(200);
        Answer question = logIn(rs256Raw(rawClaims("\"?\"", "\"q@example.org\"")));
        assertThat(question.status()).as(question.body()).isEqualTo(200);
        assertThat(question.text("user_id")).isNotEqualTo(paired.text("user_id"));
    }

    @Test
    void a_bad_signature_an_unknown_kid_alg_none_and_an_hmac_made_with_the_public_key_are_refused() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(rsa.getKeyID()).generate(); // same kid, other key
        assertRefused(rs256(impostor, claims("impostor").build()), "signature");

        String good = rs256(rsa, claims("tampered").build());
        String[] parts = good.split("\\.");
        String otherPayload =
                Base64URL.encode(claims("someone-else").build().toString()).toString();
        assertRefused(parts[0] + "." + otherPayload + "." + parts[2], "signature");

        RSAKey unknown = new RSAKeyGenerator(2048).keyID("not-published").generate();
        assertRefused(rs256(unknown, claims("unknown-kid").build()), "kid");

        assertRefused(new PlainJWT(claims("alg-none").build()).serialize(), "algorithm");
        assertRefused(new PlainJWT(claims("alg-none").build()).serialize() + "c2lnbmF0dXJl", "");

        // key confusion: HS256 keyed with the RSA public key's bytes (what a naive verifier would accept)
        byte[] publicKeyBytes = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        assertRefused(
                sign(
                        new MACSigner(publicKeyBytes),
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .keyID(rsa.getKeyID())
                                .build(),
                        claims("confused").build()),
                "algorithm");
        byte[] encoded = rsa.toRSAPublicKey().getEncoded();
        assertRefused(
                sign(
                        new MACSigner(encoded),
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .keyID(rsa.getKeyID())
                                .build(),
                        claims("confused").build()),
                "algorithm");
        // RS512 with the right key is still not the configured algorithm
        assertRefused(
                sign(
                        new RSASSASigner(rsa),
                        new JWSHeader.Builder(JWSAlgorithm.RS512)
                                .keyID(rsa.getKeyID())
                                .build(),
                        claims("rs512").build()),
                "algorithm");

        assertRefused("not.a.jwt", "");
        assertRefused("x".repeat(20_000), "too large");
    }

    // --- the JWK URI's limits ---------------------------------------------------------------------

    @Test
    void a_jwk_set_too_large_or_too_slow_makes_a_503_not_a_refusal_nor_a_hang() throws Exception {
        StringBuilder huge = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < 60; i++) { // 60 keys of 2048 bits: past the 20,000 bytes allowed here
            huge.append(i == 0 ? "" : ",")
                    .append(new RSAKey.Builder(rsa.toRSAPublicKey())
                            .keyID("bulk-" + i)
                            .build()
                            .toJSONString());
        }
        jwks.set(huge.append("]}").toString());
        configure(rs256Provider(jwksUri() + "?huge"), Map.of());
        Answer tooLarge = logIn(rs256(rsa, claims("huge").build()));
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(503);
        assertThat(tooLarge.errorCode()).isEqualTo("ServiceUnavailable");

        publish(rsa);
        jwksDelayMillis.set(5000);
        configure(rs256Provider(jwksUri() + "?slow"), Map.of());
        Answer slow = logIn(rs256(rsa, claims("slow").build()));
        assertThat(slow.status()).as(slow.body()).isEqualTo(503);
        assertThat(slow.text("error")).contains("did not answer");
    }

    @Test
    void a_jwk_uri_inside_the_network_is_not_fetched_unless_the_operator_allowed_its_network() throws Exception {
        TestDatabase.Coordinates other = TestDatabase.freshDatabase();
        try (KeyportTestServer strict = KeyportTestServer.start(
                other.micronautProperties(),
                Map.of("keyport.admin.username", "root", "keyport.admin.password", "admin-secret"))) {
            ProtocolClient strictClient = strict.client();
            String strictAdmin = strictClient.adminToken();
            assertThat(strictClient
                            .send("PUT", PROVIDER, strictAdmin, rs256Provider(jwksUri()))
                            .status())
                    .isEqualTo(200);
            int before = jwksRequests.get();
            Answer answer = strictClient.post(
                    LOGIN, null, "{\"token\":\"" + rs256(rsa, claims("ssrf").build()) + "\"}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.text("error"))
                    .contains("not a public address")
                    .as("the client is not told where the host resolves nor what to configure")
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("KEYPORT_");
            assertThat(jwksRequests.get())
                    .as("no request reached the internal address")
                    .isEqualTo(before);
            // nor through a name that resolves inside, nor through user info in the URL
            assertThat(strictClient
                            .send(
                                    "PUT",
                                    PROVIDER,
                                    strictAdmin,
                                    rs256Provider("http://localhost:"
                                            + idp.getAddress().getPort() + "/certs?localhost"))
                            .status())
                    .isEqualTo(200);
            assertThat(strictClient
                            .post(
                                    LOGIN,
                                    null,
                                    "{\"token\":\"" + rs256(rsa, claims("ssrf").build()) + "\"}")
                            .status())
                    .isEqualTo(503);
            assertThat(strictClient
                            .send(
                                    "PUT",
                                    PROVIDER,
                                    strictAdmin,
                                    rs256Provider("https://idp.example.org@127.0.0.1/certs"))
                            .status())
                    .isEqualTo(400);
            assertThat(jwksRequests.get()).isEqualTo(before);
        }
    }

    @Test
    void the_provider_is_off_until_configured_and_a_disabled_one_answers_as_absent() {
        Answer disabled = client.send("PUT", PROVIDER + "/disable", admin, null);
        assertThat(disabled.status()).isEqualTo(204);
        Answer answer = logIn("a.b.c");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("AuthProviderNotFound");

        Answer incomplete = configure("""
                {"name":"custom-token","type":"custom-token","disabled":false,"config":{"useJWKURI":true}}""", Map.of());
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.body()).contains("jwkURI");
    }
}
