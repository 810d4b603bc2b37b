package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, part 5 (ADR 0015), on real PostgreSQL with two Keyport instances where it concerns more than one:
 * refresh and admin tokens name their HMAC key ({@code kid}); the key set rotates with overlap, or in an
 * emergency that ends every older token on every instance within the key-reload bound; an instance whose
 * {@code KEYPORT_JWT_SECRET} differs from the others' key refuses to start; the single key of the previous
 * version is rotated away on upgrade; an ES256 access-token key can be revoked at once.
 */
class TokenKeyRotationTest {
    /** keyport.tokens.key-reload in these tests: the bound within which other instances see a change. */
    private static final Duration RELOAD = Duration.ofMillis(500);

    private static final Duration BOUND = RELOAD.plusMillis(500);
    private static final String ADMIN = "/api/admin/v3.0";
    private static final String SESSION = ProtocolClient.CLIENT + "/auth/session";
    private static final String PROFILE = ProtocolClient.CLIENT + "/auth/profile";
    private static final String KEK =
            Base64.getEncoder().encodeToString("token-key-rotation-test-kek-32by".getBytes(StandardCharsets.US_ASCII));

    private static KeyportTestServer server(TestDatabase.Coordinates db, String... extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("keyport.admin.username", "root");
        settings.put("keyport.admin.password", "admin-secret");
        settings.put("keyport.key-encryption-key", KEK);
        settings.put("keyport.tokens.key-reload", RELOAD.toMillis() + "ms");
        settings.put("keyport.tokens.publish-lead", RELOAD.toMillis() + "ms");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return KeyportTestServer.start(db.micronautProperties(), settings);
    }

    private static JsonNode header(String jwt) {
        return ProtocolClient.parse(
                new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8));
    }

    private static String kid(String jwt) {
        JsonNode kid = header(jwt).get("kid");
        return kid == null ? null : kid.getStringValue();
    }

    private static int refresh(ProtocolClient client, String refreshToken) {
        return client.post(SESSION, refreshToken, null).status();
    }

    /** Polls until {@code status} answers {@code wanted}; fails if that takes longer than {@code bound}. */
    private static void answersWithin(Duration bound, int wanted, IntSupplier status) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos() * 4;
        while (System.nanoTime() < deadline) {
            if (status.getAsInt() == wanted) {
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("within the bound")
                        .isLessThan(bound);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("still not " + wanted + " after " + bound.multipliedBy(4));
    }

    private static List<String> kids(ProtocolClient client, String path, String adminToken) {
        Answer list = path.endsWith("jwks.json") ? client.get(path, null) : client.get(path, adminToken);
        assertThat(list.status()).isEqualTo(200);
        JsonNode array = path.endsWith("jwks.json") ? list.json().get("keys") : list.json();
        List<String> kids = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            kids.add(array.get(i).get("kid").getStringValue());
        }
        return kids;
    }

    private static String state(ProtocolClient client, String adminToken, String kid) {
        JsonNode keys = client.get(ADMIN + "/token_keys", adminToken).json();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).get("kid").getStringValue().equals(kid)) {
                return keys.get(i).get("state").getStringValue();
            }
        }
        return null;
    }

    private static String auditText(ProtocolClient client, String adminToken) {
        Answer audit = client.get(ADMIN + "/apps/keyport/audit?limit=50", adminToken);
        assertThat(audit.status()).isEqualTo(200);
        return audit.body();
    }

    // --- 1. kid, rotation with overlap, emergency rotation -----------------------------------------

    @Test
    void refresh_and_admin_tokens_name_their_key_rotate_with_overlap_and_an_emergency_ends_them_on_every_instance()
            throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        try (KeyportTestServer first = server(db);
                KeyportTestServer second = server(db)) {
            ProtocolClient here = first.client();
            ProtocolClient there = second.client();
            String admin = here.adminToken();
            String email = "rotate-" + System.nanoTime() + "@example.org";
            Login user = here.registerAndLogIn(email);

            String firstKid = kid(user.refreshToken());
            assertThat(firstKid).as("a refresh token names its key").isNotBlank();
            assertThat(kid(admin)).as("an admin token names its key").isEqualTo(firstKid);
            assertThat(state(there, admin, firstKid)).isEqualTo("signing");
            assertThat(db.count("SELECT count(*) FROM token_keys")).isEqualTo(1);

            // bad input changes nothing
            assertThat(here.post(ADMIN + "/token_keys/rotate", null, "{}").status())
                    .isEqualTo(401);
            assertThat(here.post(ADMIN + "/token_keys/rotate", user.accessToken(), "{}")
                            .status())
                    .isEqualTo(401);
            Answer notBoolean = here.post(ADMIN + "/token_keys/rotate", admin, "{\"emergency\":\"yes\"}");
            assertThat(notBoolean.status()).isEqualTo(400);
            assertThat(notBoolean.errorCode()).isEqualTo("InvalidParameter");
            assertThat(here.post(ADMIN + "/token_keys/rotate", admin, "[").errorCode())
                    .isEqualTo("BadRequest");
            assertThat(db.count("SELECT count(*) FROM token_keys")).isEqualTo(1);

            // with overlap: the new key signs once every instance has it; the old tokens keep working
            Answer rotated = here.post(ADMIN + "/token_keys/rotate", admin, "{\"emergency\":false}");
            assertThat(rotated.status()).isEqualTo(201);
            String secondKid = rotated.text("kid");
            assertThat(secondKid).isNotEqualTo(firstKid);
            assertThat(rotated.text("alg")).isEqualTo("HS256");
            assertThat(rotated.text("state")).isEqualTo("next");
            assertThat(rotated.json().toString()).doesNotContain("secret");
            Thread.sleep(RELOAD.plusMillis(100).toMillis());
            assertThat(state(here, admin, firstKid)).isEqualTo("verify_only");
            assertThat(state(here, admin, secondKid)).isEqualTo("signing");
            Answer verifyOnly = here.get(ADMIN + "/token_keys", admin);
            assertThat(verifyOnly.body()).contains("\"verify_until\":\"");

            Login later =
                    there.logIn("local-userpass", "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}");
            assertThat(kid(later.refreshToken())).isEqualTo(secondKid);
            for (ProtocolClient client : List.of(here, there)) {
                assertThat(refresh(client, user.refreshToken()))
                        .as("an old token during the overlap")
                        .isEqualTo(201);
                assertThat(refresh(client, later.refreshToken()))
                        .as("a new token on every instance")
                        .isEqualTo(201);
                assertThat(client.get(ADMIN + "/token_keys", admin).status())
                        .as("an old admin token")
                        .isEqualTo(200);
            }

            // an emergency ends every token of the old keys: at once where it was made, within the bound elsewhere
            Answer emergency = there.post(ADMIN + "/token_keys/rotate", admin, "{\"emergency\":true}");
            assertThat(emergency.status()).isEqualTo(201);
            String thirdKid = emergency.text("kid");
            assertThat(emergency.text("state")).isEqualTo("signing");
            assertThat(refresh(there, user.refreshToken())).isEqualTo(401);
            assertThat(refresh(there, later.refreshToken())).isEqualTo(401);
            assertThat(there.get(ADMIN + "/token_keys", admin).status())
                    .as("the admin token of the old key")
                    .isEqualTo(401);
            answersWithin(BOUND, 401, () -> refresh(here, later.refreshToken()));
            assertThat(refresh(here, user.refreshToken())).isEqualTo(401);
            assertThat(here.get(ADMIN + "/token_keys", admin).status()).isEqualTo(401);
            assertThat(db.count("SELECT count(*) FROM token_keys"))
                    .as("the old keys are gone")
                    .isEqualTo(1);

            String newAdmin = here.adminToken();
            assertThat(kid(newAdmin)).isEqualTo(thirdKid);
            Login afterwards =
                    here.logIn("local-userpass", "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}");
            assertThat(refresh(there, afterwards.refreshToken())).isEqualTo(201);
            assertThat(kids(there, ADMIN + "/token_keys", newAdmin)).containsExactly(thirdKid);
            assertThat(auditText(there, newAdmin))
                    .contains("token.hmac_key_rotated", "token-key:" + thirdKid, "token-key:" + secondKid, "emergency");
        }
    }

    // --- 4. an ES256 access-token key revoked at once ----------------------------------------------

    @Test
    void an_access_token_key_can_be_revoked_at_once_unpublished_and_its_tokens_refused_on_every_instance()
            throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        try (KeyportTestServer first = server(db);
                KeyportTestServer second = server(db)) {
            ProtocolClient here = first.client();
            ProtocolClient there = second.client();
            String admin = here.adminToken();
            Login user = here.registerAndLogIn("revoke-" + System.nanoTime() + "@example.org");
            String leaked = kid(user.accessToken());
            assertThat(there.get(PROFILE, user.accessToken()).status()).isEqualTo(200);
            assertThat(kids(there, "/.well-known/jwks.json", null)).contains(leaked);

            assertThat(here.post(ADMIN + "/signing_keys/" + leaked + "/revoke", null, null)
                            .status())
                    .isEqualTo(401);
            Answer unknown = here.post(ADMIN + "/signing_keys/no-such-kid/revoke", admin, null);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.errorCode()).isEqualTo("SigningKeyNotFound");
            assertThat(here.get(PROFILE, user.accessToken()).status()).isEqualTo(200);

            Answer revoked = here.post(ADMIN + "/signing_keys/" + leaked + "/revoke", admin, null);
            assertThat(revoked.status()).isEqualTo(200);
            String now = revoked.text("kid");
            assertThat(now).isNotEqualTo(leaked);
            assertThat(revoked.text("state")).isEqualTo("signing");
            assertThat(here.get(PROFILE, user.accessToken()).status())
                    .as("refused at once here")
                    .isEqualTo(401);
            assertThat(kids(here, "/.well-known/jwks.json", null))
                    .doesNotContain(leaked)
                    .contains(now);
            answersWithin(
                    BOUND, 401, () -> there.get(PROFILE, user.accessToken()).status());
            assertThat(kids(there, "/.well-known/jwks.json", null))
                    .doesNotContain(leaked)
                    .contains(now);
            assertThat(kids(there, ADMIN + "/signing_keys", admin)).doesNotContain(leaked);

            Answer refreshed = here.post(SESSION, user.refreshToken(), null);
            assertThat(refreshed.status()).isEqualTo(201);
            String fresh = refreshed.text("access_token");
            assertThat(kid(fresh)).isEqualTo(now);
            assertThat(there.get(PROFILE, fresh).status()).isEqualTo(200);
            assertThat(here.post(ADMIN + "/signing_keys/" + leaked + "/revoke", admin, null)
                            .status())
                    .as("revoked already")
                    .isEqualTo(404);
            assertThat(auditText(there, admin)).contains("token.key_revoked", "signing-key:" + leaked);
        }
    }

    // --- 2. a configured key that differs from the others' --------------------------------------------

    @Test
    void an_instance_configured_with_another_key_than_the_one_in_use_refuses_to_start_saying_so() throws Exception {
        String secret = Base64.getEncoder()
                .encodeToString("configured-jwt-secret-of-32-bytes!!".getBytes(StandardCharsets.US_ASCII));
        String other = Base64.getEncoder()
                .encodeToString("another-jwt-secret-also-32-bytes!!!".getBytes(StandardCharsets.US_ASCII));

        TestDatabase.Coordinates generated = TestDatabase.freshDatabase();
        try (KeyportTestServer first = server(generated)) {
            assertThat(first.client().adminToken()).isNotBlank();
            assertThatThrownBy(() ->
                            server(generated, "keyport.jwt.secret", secret).close())
                    .hasStackTraceContaining("KEYPORT_JWT_SECRET")
                    .hasStackTraceContaining("differs from the current signing key")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(secret));
        }

        // on a fresh database the configured key seeds the set; the same value is accepted, another is not
        TestDatabase.Coordinates seeded = TestDatabase.freshDatabase();
        try (KeyportTestServer first = server(seeded, "keyport.jwt.secret", secret);
                KeyportTestServer second = server(seeded, "keyport.jwt.secret", secret)) {
            String token = first.client().adminToken();
            assertThat(SignedJWT.parse(token)
                            .verify(new MACVerifier(Base64.getDecoder().decode(secret))))
                    .isTrue();
            assertThat(second.client().get(ADMIN + "/token_keys", token).status())
                    .isEqualTo(200);
            assertThatThrownBy(() -> server(seeded, "keyport.jwt.secret", other).close())
                    .hasStackTraceContaining("differs from the current signing key")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(other));

            // after a rotation the configured key is no longer the current one: a restart with it is refused
            assertThat(first.client()
                            .post(ADMIN + "/token_keys/rotate", token, null)
                            .status())
                    .isEqualTo(201);
            assertThatThrownBy(
                            () -> server(seeded, "keyport.jwt.secret", secret).close())
                    .hasStackTraceContaining("differs from the current signing key");
        }
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    // --- 3. the key of the previous version is rotated away on upgrade -------------------------------

    @Test
    void on_upgrade_the_previous_versions_key_becomes_verify_only_for_kidless_tokens_and_a_fresh_key_signs()
            throws Exception {
        byte[] legacyKey = "the-sealed-key-of-keyport-before!".getBytes(StandardCharsets.US_ASCII);
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        String legacyRefresh;
        String legacyAdmin;
        String email = "upgrade-" + System.nanoTime() + "@example.org";
        // tokens as the previous version issued them: HS256 under its single key, without a kid
        try (KeyportTestServer before =
                server(db, "keyport.jwt.secret", Base64.getEncoder().encodeToString(legacyKey))) {
            Login user = before.client().registerAndLogIn(email);
            legacyRefresh = withoutKid(user.refreshToken(), legacyKey);
            legacyAdmin = withoutKid(before.client().adminToken(), legacyKey);
        }
        // the previous version's database: no key set, its key sealed in server_secrets
        try (Connection sql = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            sql.createStatement().execute("DELETE FROM token_keys");
            try (PreparedStatement insert =
                    sql.prepareStatement("INSERT INTO server_secrets (name, value) VALUES (?, ?)")) {
                insert.setString(1, "token-hmac-key.sealed");
                insert.setBytes(2, AesGcmSecretSealer.withKey(KEK).seal(legacyKey, "token-hmac-key.sealed"));
                insert.executeUpdate();
            }
        }

        Instant upgradedAt = Instant.now();
        try (KeyportTestServer first = server(db);
                KeyportTestServer second = server(db)) {
            ProtocolClient here = first.client();
            ProtocolClient there = second.client();
            for (ProtocolClient client : List.of(here, there)) {
                assertThat(refresh(client, legacyRefresh))
                        .as("a token of the previous version, overlap")
                        .isEqualTo(201);
                assertThat(client.get(ADMIN + "/token_keys", legacyAdmin).status())
                        .isEqualTo(200);
            }
            JsonNode keys = here.get(ADMIN + "/token_keys", legacyAdmin).json();
            assertThat(keys.size()).isEqualTo(2);
            JsonNode legacy = keys.get(0);
            assertThat(legacy.get("kid").getStringValue()).isEqualTo("legacy");
            assertThat(legacy.get("legacy").getBooleanValue()).isTrue();
            assertThat(legacy.get("state").getStringValue()).isEqualTo("verify_only");
            Instant until = Instant.parse(legacy.get("verify_until").getStringValue());
            assertThat(until)
                    .isAfter(upgradedAt.plus(Duration.ofDays(60)))
                    .isBefore(upgradedAt.plus(Duration.ofDays(61)));
            assertThat(keys.get(1).get("state").getStringValue()).isEqualTo("signing");
            assertThat(db.count("SELECT count(*) FROM server_secrets"))
                    .as("the old storage of the key is gone")
                    .isZero();

            // new tokens are signed with a fresh key, not the legacy one
            String newAdmin = here.adminToken();
            assertThat(kid(newAdmin)).isEqualTo(keys.get(1).get("kid").getStringValue());
            assertThat(SignedJWT.parse(newAdmin).verify(new MACVerifier(legacyKey)))
                    .isFalse();
            // the legacy key is matched by kid-less tokens only
            assertThat(there.get(ADMIN + "/token_keys", withKid(legacyAdmin, legacyKey, "legacy"))
                            .status())
                    .isEqualTo(401);

            // once the legacy key is no longer verify-only in the set, its tokens are refused everywhere
            try (Connection sql = DriverManager.getConnection(db.url(), db.username(), db.password())) {
                sql.createStatement()
                        .execute("UPDATE token_keys SET verify_until = now() - interval '1 second' WHERE legacy");
            }
            answersWithin(BOUND, 401, () -> refresh(here, legacyRefresh));
            answersWithin(BOUND, 401, () -> refresh(there, legacyRefresh));
            assertThat(there.get(ADMIN + "/token_keys", legacyAdmin).status()).isEqualTo(401);
            assertThat(auditText(here, newAdmin)).contains("upgrade");
        }
        // the configured key of the previous version is accepted with a warning; any other value is not
        try (KeyportTestServer again =
                server(db, "keyport.jwt.secret", Base64.getEncoder().encodeToString(legacyKey))) {
            assertThat(again.client().adminToken()).isNotBlank();
        }
    }

    private static String withoutKid(String token, byte[] key) throws Exception {
        return resigned(token, key, new JWSHeader(JWSAlgorithm.HS256));
    }

    private static String withKid(String token, byte[] key, String kid) throws Exception {
        return resigned(
                token, key, new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build());
    }

    private static String resigned(String token, byte[] key, JWSHeader header) throws Exception {
        SignedJWT jwt = new SignedJWT(header, SignedJWT.parse(token).getJWTClaimsSet());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }
}
