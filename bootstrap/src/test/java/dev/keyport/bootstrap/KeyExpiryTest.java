package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Key expiry over HTTP on PostgreSQL (issue 14): {@code expires_at} / {@code expires_in_days} on create, the
 * expiry in every view, the admin's per-kind maximum lifetimes (from the app directory and the admin API), and
 * an expired key refused with the same {@code AuthError} as any other, its sessions ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyExpiryTest {
    private static final String CLIENT = ProtocolClient.CLIENT;
    private static final String ADMIN = "/api/admin/v3.0";
    private KeyportTestServer server;
    private ProtocolClient client;
    private String admin;

    @BeforeAll
    void start() throws Exception {
        Path appDir = Files.createTempDirectory("keyport-expiry-app-");
        Files.createDirectories(appDir.resolve("auth_providers"));
        Files.writeString(
                appDir.resolve("auth_providers/api-key.json"),
                "{\"name\":\"api-key\",\"type\":\"api-key\",\"config\":{\"serverKeyMaxLifetimeDays\":365}}");
        server = KeyportTestServer.start(Map.of(
                "keyport.admin.username",
                "root",
                "keyport.admin.password",
                "admin-secret",
                "keyport.app-dir",
                appDir.toString()));
        client = server.client();
        admin = client.adminToken();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Login user() {
        return client.registerAndLogIn("expiry-" + System.nanoTime() + "@example.org");
    }

    private Answer create(Login owner, String body) {
        return client.post(CLIENT + "/auth/api_keys", owner.refreshToken(), body);
    }

    @Test
    void a_key_reports_its_expiry_everywhere_and_a_key_without_one_reports_null() {
        Login owner = user();
        Answer week = create(owner, "{\"name\":\"week\",\"expires_in_days\":7}");
        assertThat(week.status()).as(week.body()).isEqualTo(201);
        Instant expiry = Instant.parse(week.text("expires_at"));
        assertThat(Duration.between(Instant.now(), expiry))
                .isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));
        Instant chosen = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Answer dated = create(
                owner,
                "{\"name\":\"dated\",\"expires_at\":\"" + chosen.atOffset(java.time.ZoneOffset.ofHours(2)) + "\"}");
        assertThat(dated.text("expires_at")).isEqualTo(chosen.toString());
        Answer forever = create(owner, "{\"name\":\"forever\"}");
        assertThat(forever.json().get("expires_at").isNull()).isTrue();

        assertThat(client.get(CLIENT + "/auth/api_keys/" + week.text("_id"), owner.refreshToken())
                        .text("expires_at"))
                .isEqualTo(expiry.toString());
        Answer list = client.get(CLIENT + "/auth/api_keys", owner.refreshToken());
        assertThat(list.body()).contains("\"expires_at\":\"" + expiry + "\"").contains("\"expires_at\":null");
        assertThat(client.get(ADMIN + "/apps/keyport/users?q=" + owner.userId(), admin)
                        .body())
                .contains("\"expires_at\":\"" + expiry + "\"");
    }

    @Test
    void bad_expiries_are_refused_in_the_protocol_s_format_and_create_nothing() {
        Login owner = user();
        Map<String, String> refused = Map.of(
                "{\"name\":\"a\",\"expires_at\":\"2020-01-01T00:00:00Z\"}", "expires_at must be in the future",
                "{\"name\":\"b\",\"expires_at\":\"tomorrow\"}", "expires_at must be an ISO-8601 date-time",
                "{\"name\":\"c\",\"expires_at\":12}", "expires_at must be an ISO-8601 date-time string",
                "{\"name\":\"d\",\"expires_in_days\":0}",
                        "expires_in_days must be a whole number of days from 1 to 36500",
                "{\"name\":\"e\",\"expires_in_days\":1.5}", "expires_in_days must be a whole number",
                "{\"name\":\"f\",\"expires_in_days\":\"7\"}", "expires_in_days must be a whole number",
                "{\"name\":\"g\",\"expires_in_days\":7,\"expires_at\":\"2099-01-01T00:00:00Z\"}",
                        "cannot both be given",
                "{\"name\":\"h\",\"expires_in_days\":36501}",
                        "expires_in_days must be a whole number of days from 1 to 36500");
        refused.forEach((body, message) -> {
            Answer answer = create(owner, body);
            assertThat(answer.status()).as(body + " " + answer.body()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("InvalidParameter");
            assertThat(answer.text("error")).contains(message);
        });
        assertThat(client.get(CLIENT + "/auth/api_keys", owner.refreshToken()).body())
                .isEqualTo("[]");
    }

    @Test
    void the_admin_sets_maximum_lifetimes_per_kind_and_the_app_directory_sets_them_at_start() {
        assertThat(client.get(ADMIN + "/apps/keyport/api_key_lifetimes", admin).body())
                .as("from the app directory")
                .isEqualTo(
                        "{\"user_key_max_lifetime_days\":null,\"server_key_max_lifetime_days\":365,\"max_roll_grace_hours\":24}");
        Answer tooLong = client.post(
                ADMIN + "/apps/keyport/api_keys",
                admin,
                "{\"name\":\"ci-" + System.nanoTime() + "\",\"expires_in_days\":366}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("error"))
                .isEqualTo("expires_in_days is beyond the longest lifetime allowed for server keys (365 days)");
        Answer server =
                client.post(ADMIN + "/apps/keyport/api_keys", admin, "{\"name\":\"ci-" + System.nanoTime() + "\"}");
        assertThat(Instant.parse(server.text("expires_at")))
                .isAfter(Instant.now().plus(Duration.ofDays(364)));
        assertThat(client.get(ADMIN + "/apps/keyport/api_keys/" + server.text("_id"), admin)
                        .text("expires_at"))
                .isEqualTo(server.text("expires_at"));

        try {
            Answer set = client.send(
                    "PUT",
                    ADMIN + "/apps/keyport/api_key_lifetimes",
                    admin,
                    "{\"user_key_max_lifetime_days\":30,\"server_key_max_lifetime_days\":365}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            Login owner = user();
            Answer defaulted = create(owner, "{\"name\":\"defaulted\"}");
            assertThat(Instant.parse(defaulted.text("expires_at")))
                    .isBetween(
                            Instant.now().plus(Duration.ofDays(30)).minusSeconds(60),
                            Instant.now().plus(Duration.ofDays(30)));
            Answer beyond = create(owner, "{\"name\":\"beyond\",\"expires_in_days\":31}");
            assertThat(beyond.status()).isEqualTo(400);
            assertThat(beyond.text("error")).contains("user keys (30 days)");
            Answer bad = client.send(
                    "PUT", ADMIN + "/apps/keyport/api_key_lifetimes", admin, "{\"user_key_max_lifetime_days\":0}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.errorCode()).isEqualTo("InvalidParameter");
            assertThat(client.get(ADMIN + "/apps/keyport/api_key_lifetimes", admin)
                            .json()
                            .get("user_key_max_lifetime_days")
                            .getNumberValue()
                            .intValue())
                    .as("a refused change changes nothing")
                    .isEqualTo(30);
            assertThat(client.get(ADMIN + "/apps/keyport/audit?limit=20", admin).body())
                    .contains("provider.key_lifetimes_changed");
            assertThat(client.get(ADMIN + "/apps/keyport/export", admin).body())
                    .contains("\"userKeyMaxLifetimeDays\":30");
        } finally {
            client.send(
                    "PUT", ADMIN + "/apps/keyport/api_key_lifetimes", admin, "{\"server_key_max_lifetime_days\":365}");
        }
    }

    @Test
    void an_expired_key_is_refused_like_any_other_and_its_sessions_end() throws Exception {
        Login owner = user();
        Instant expiry = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Answer key = create(owner, "{\"name\":\"short\",\"expires_at\":\"" + expiry + "\"}");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        Answer login = client.logInWithKey(key.text("key"));
        assertThat(login.status()).isEqualTo(200);
        String serverKey = client.post(
                        ADMIN + "/apps/keyport/api_keys",
                        admin,
                        "{\"name\":\"introspector-" + System.nanoTime() + "\"}")
                .text("key");
        Answer active = client.send(
                "POST", "/api/client/v2.0/auth/introspect", serverKey, "{\"token\":\"" + key.text("key") + "\"}");
        assertThat(active.json().get("exp").getLongValue()).as("RFC 7662 exp").isEqualTo(expiry.getEpochSecond());
        assertThat(client.post(CLIENT + "/auth/session", login.text("refresh_token"), null)
                        .status())
                .isEqualTo(201);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 200);
        Answer refused = client.logInWithKey(key.text("key"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body())
                .isEqualTo(
                        client.logInWithKey("kpk_" + "A".repeat(43) + "000000").body());
        assertThat(client.post(CLIENT + "/auth/session", login.text("refresh_token"), null)
                        .status())
                .as("the key's session ends")
                .isEqualTo(401);
        assertThat(client.send(
                                "POST",
                                "/api/client/v2.0/auth/introspect",
                                serverKey,
                                "{\"token\":\"" + key.text("key") + "\"}")
                        .body())
                .isEqualTo("{\"active\":false}");
        assertThat(client.get(CLIENT + "/auth/api_keys/" + key.text("_id"), owner.refreshToken())
                        .text("expires_at"))
                .as("the record stays")
                .isEqualTo(expiry.toString());
    }
}
