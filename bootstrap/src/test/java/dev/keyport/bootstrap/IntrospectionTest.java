package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /api/client/v2.0/auth/introspect}: RFC 7662 introspection of API keys, for a service holding a server key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionTest {
    private static final String INTROSPECT = "/api/client/v2.0/auth/introspect";
    private static final String ADMIN = "/api/admin/v3.0";
    private KeyportTestServer server;
    private ProtocolClient client;
    private String base;
    private String admin;
    private String serverKey;
    private String serverKeyId;

    @BeforeAll
    void start() {
        server = KeyportTestServer.start(Map.of(
                "keyport.admin.username",
                "root",
                "keyport.admin.password",
                "admin-secret",
                "keyport.api-key-usage.flush-interval",
                "100ms"));
        client = server.client();
        base = server.context()
                .getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                .getURL()
                .toString();
        admin = client.adminToken();
        Answer created = client.post(ADMIN + "/apps/keyport/api_keys", admin, "{\"name\":\"orders-service\"}");
        serverKey = created.text("key");
        serverKeyId = created.text("_id");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Answer introspect(String bearer, String contentType, String body) {
        return client.send("POST", INTROSPECT, bearer, body, contentType);
    }

    private static final String INACTIVE = "{\"active\":false}";

    private Answer form(String bearer, String token) {
        return introspect(
                bearer,
                "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=api_key");
    }

    @Test
    void an_enabled_user_key_is_active_and_says_whose_it_is() {
        Login user = client.registerAndLogIn("introspected-" + System.nanoTime() + "@example.org");
        Answer created = client.createKey(user.refreshToken(), "phone");

        Answer answer = form(serverKey, created.text("key"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("active").getBooleanValue()).isTrue();
        assertThat(answer.text("token_type")).isEqualTo("api_key");
        assertThat(answer.text("sub")).isEqualTo(user.userId());
        assertThat(answer.text("key_id")).isEqualTo(created.text("_id"));
        assertThat(answer.text("name")).isEqualTo("phone");
        assertThat(answer.text("user_type")).isEqualTo("normal");
        assertThat(answer.json().get("iat").getLongValue()).isPositive();
        assertThat(answer.text("iss")).isEqualTo(base.replaceAll("/$", ""));
        assertThat(answer.body()).doesNotContain(created.text("key"));

        Answer asJson = introspect(serverKey, "application/json", "{\"token\":\"" + created.text("key") + "\"}");
        assertThat(asJson.json().get("active").getBooleanValue()).isTrue();
        assertThat(asJson.text("sub")).isEqualTo(user.userId());
    }

    /**
     * Being asked about is not a use of a key: its last_used_at stays as it was (a clean-up of unused keys goes by
     * it), while the asking server key's own use is recorded.
     */
    @Test
    void introspection_does_not_count_as_a_use_of_the_key_asked_about() throws InterruptedException {
        Login user = client.registerAndLogIn("unused-" + System.nanoTime() + "@example.org");
        Answer created = client.createKey(user.refreshToken(), "idle");
        assertThat(form(serverKey, created.text("key")).json().get("active").getBooleanValue())
                .isTrue();

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!client.get(ADMIN + "/apps/keyport/api_keys/" + serverKeyId, admin)
                .body()
                .contains("\"last_used_at\":\"")) {
            assertThat(System.nanoTime())
                    .as("the caller's use is written (flush every 100 ms)")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(300); // a flush after the one that wrote the caller's use
        Answer details = client.get(ADMIN + "/apps/keyport/users?q=" + user.userId(), admin);
        assertThat(details.status()).as(details.body()).isEqualTo(200);
        assertThat(details.body()).contains(created.text("_id")).doesNotContain("\"last_used_at\":\"");
    }

    /**
     * During a roll's grace period the old value is active only until the grace ends, and says so in exp (a resource
     * server caching until exp must not keep accepting it); the new value answers the key's own expiry.
     */
    @Test
    void during_a_grace_period_the_old_value_expires_with_the_grace() {
        Login user = client.registerAndLogIn("rolled-" + System.nanoTime() + "@example.org");
        Answer created = client.post(
                ProtocolClient.CLIENT + "/auth/api_keys",
                user.refreshToken(),
                "{\"name\":\"rolled\",\"expires_in_days\":30}");
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        long keyExpiry = java.time.Instant.parse(created.text("expires_at")).getEpochSecond();
        Answer rolled = client.post(
                ProtocolClient.CLIENT + "/auth/api_keys/" + created.text("_id") + "/roll",
                user.refreshToken(),
                "{\"grace_period_seconds\":3600}");
        assertThat(rolled.status()).as(rolled.body()).isEqualTo(200);
        long graceEnd =
                java.time.Instant.parse(rolled.text("previous_key_valid_until")).getEpochSecond();
        assertThat(graceEnd).isLessThan(keyExpiry);

        Answer old = form(serverKey, created.text("key"));
        assertThat(old.json().get("active").getBooleanValue()).isTrue();
        assertThat(old.json().get("exp").getLongValue()).isEqualTo(graceEnd);
        Answer current = form(serverKey, rolled.text("key"));
        assertThat(current.json().get("exp").getLongValue()).isEqualTo(keyExpiry);
    }

    /**
     * Each caller may ask at most keyport.introspection-throttle.max-requests times per window: then 429 in the
     * protocol's format with Retry-After, while other callers go on. A refused caller key counts as a failed key
     * login from its address.
     */
    @Test
    void each_caller_is_throttled_and_refused_callers_count_as_failed_logins() throws Exception {
        try (KeyportTestServer limited = KeyportTestServer.start(Map.of(
                "keyport.admin.username",
                "root",
                "keyport.admin.password",
                "admin-secret",
                "keyport.introspection-throttle.max-requests",
                "3",
                "keyport.introspection-throttle.window",
                "1m",
                "keyport.login-throttle.enabled",
                "true",
                "keyport.login-throttle.max-failures",
                "3",
                "keyport.login-throttle.client-address-header",
                "X-Forwarded-For"))) {
            ProtocolClient other = limited.client();
            String token = other.adminToken();
            String first = other.post(ADMIN + "/apps/keyport/api_keys", token, "{\"name\":\"busy\"}")
                    .text("key");
            String second = other.post(ADMIN + "/apps/keyport/api_keys", token, "{\"name\":\"calm\"}")
                    .text("key");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> ask =
                    (caller, address) -> {
                        try {
                            return http.send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create(other.baseUrl() + INTROSPECT))
                                            .header("Authorization", "Bearer " + caller)
                                            .header("X-Forwarded-For", address)
                                            .header("Content-Type", "application/x-www-form-urlencoded")
                                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + second))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    };
            for (int i = 0; i < 3; i++) {
                assertThat(ask.apply(first, "198.51.100.1").statusCode()).isEqualTo(200);
            }
            java.net.http.HttpResponse<String> throttled = ask.apply(first, "198.51.100.2");
            assertThat(throttled.statusCode())
                    .as("per caller, whatever the address")
                    .isEqualTo(429);
            assertThat(throttled.body()).contains("\"error_code\":\"TooManyRequests\"");
            assertThat(Long.parseLong(
                            throttled.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 60L);
            assertThat(ask.apply(second, "198.51.100.1").statusCode())
                    .as("another caller")
                    .isEqualTo(200);

            for (int i = 0; i < 3; i++) {
                assertThat(ask.apply("kpk_" + "C".repeat(48) + i, "203.0.113.3").statusCode())
                        .isEqualTo(401);
            }
            assertThat(ask.apply(second, "203.0.113.3").statusCode())
                    .as("the address that guessed is throttled")
                    .isEqualTo(429);
        }
    }

    @Test
    void the_discovery_document_names_this_route() {
        assertThat(client.get("/.well-known/openid-configuration", null).text("introspection_endpoint"))
                .isEqualTo(base.replaceAll("/$", "") + INTROSPECT);
    }

    @Test
    void a_disabled_deleted_unknown_or_malformed_key_is_inactive_and_nothing_more() {
        Login user = client.registerAndLogIn("inactive-" + System.nanoTime() + "@example.org");
        Answer disabled = client.createKey(user.refreshToken(), "disabled");
        Answer deleted = client.createKey(user.refreshToken(), "deleted");
        assertThat(client.put(
                                ProtocolClient.CLIENT + "/auth/api_keys/" + disabled.text("_id") + "/disable",
                                user.refreshToken())
                        .status())
                .isEqualTo(204);
        assertThat(client.delete(ProtocolClient.CLIENT + "/auth/api_keys/" + deleted.text("_id"), user.refreshToken())
                        .status())
                .isEqualTo(204);

        for (String token : new String[] {
            disabled.text("key"),
            deleted.text("key"),
            "kpk_" + "A".repeat(49),
            "not a key",
            user.accessToken(),
            user.refreshToken()
        }) {
            Answer answer = form(serverKey, token);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).as(token).isEqualTo(INACTIVE);
        }
    }

    @Test
    void a_server_key_introspected_is_a_server_user_s() {
        Answer answer = form(serverKey, serverKey);
        assertThat(answer.json().get("active").getBooleanValue()).isTrue();
        assertThat(answer.text("user_type")).isEqualTo("server");
        assertThat(answer.text("name")).isEqualTo("orders-service");
    }

    @Test
    void only_an_enabled_server_key_may_ask() {
        Login user = client.registerAndLogIn("asker-" + System.nanoTime() + "@example.org");
        String userKey = client.createKey(user.refreshToken(), "not-a-service").text("key");
        Answer other = client.post(ADMIN + "/apps/keyport/api_keys", admin, "{\"name\":\"disabled-service\"}");
        assertThat(client.put(ADMIN + "/apps/keyport/api_keys/" + other.text("_id") + "/disable", admin)
                        .status())
                .isEqualTo(204);

        for (String caller : new String[] {userKey, other.text("key"), "kpk_" + "B".repeat(49), user.accessToken()}) {
            Answer answer = form(caller, userKey);
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.errorCode()).isEqualTo("AuthError");
        }
        Answer anonymous = form(null, userKey);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("InvalidSession");
    }

    @Test
    void bad_requests_are_400_in_the_error_format() {
        assertThat(introspect(serverKey, "application/x-www-form-urlencoded", "token_type_hint=api_key")
                        .errorCode())
                .isEqualTo("MissingParameter");
        assertThat(introspect(serverKey, "application/x-www-form-urlencoded", "token=a&token=b")
                        .errorCode())
                .isEqualTo("InvalidParameter");
        assertThat(introspect(serverKey, "application/x-www-form-urlencoded", "token=%zz")
                        .errorCode())
                .isEqualTo("BadRequest");
        assertThat(introspect(serverKey, "application/json", "{\"token\": 5}").status())
                .isEqualTo(400);
        assertThat(introspect(serverKey, "application/json", "[").status()).isEqualTo(400);
    }

    @Test
    void with_the_api_key_provider_off_no_key_is_active() throws InterruptedException {
        Login user = client.registerAndLogIn("provider-off-" + System.nanoTime() + "@example.org");
        String key = client.createKey(user.refreshToken(), "k").text("key");
        assertThat(client.put(ADMIN + "/apps/keyport/auth_providers/api-key/disable", admin)
                        .status())
                .isEqualTo(204);
        try {
            long deadline =
                    System.nanoTime() + 10_000_000_000L; // the provider switch reaches every instance within 2 s
            while (!form(serverKey, key).body().equals(INACTIVE)) {
                assertThat(System.nanoTime()).as("inactive within 10 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            assertThat(client.put(ADMIN + "/apps/keyport/auth_providers/api-key/enable", admin)
                            .status())
                    .isEqualTo(204);
        }
    }
}
