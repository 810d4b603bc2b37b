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

    @BeforeAll
    void start() {
        server = KeyportTestServer.start(Map.of("keyport.admin.username", "root", "keyport.admin.password", "admin-secret"));
        client = server.client();
        base = server.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getURL().toString();
        admin = client.adminToken();
        serverKey = client.post(ADMIN + "/apps/keyport/api_keys", admin, "{\"name\":\"orders-service\"}").text("key");
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
        return introspect(bearer, "application/x-www-form-urlencoded",
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
        assertThat(client.put(ProtocolClient.CLIENT + "/auth/api_keys/" + disabled.text("_id") + "/disable",
                user.refreshToken()).status()).isEqualTo(204);
        assertThat(client.delete(ProtocolClient.CLIENT + "/auth/api_keys/" + deleted.text("_id"),
                user.refreshToken()).status()).isEqualTo(204);

        for (String token : new String[] {disabled.text("key"), deleted.text("key"),
                "kpk_" + "A".repeat(49), "not a key", user.accessToken(), user.refreshToken()}) {
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
        assertThat(client.put(ADMIN + "/apps/keyport/api_keys/" + other.text("_id") + "/disable", admin).status())
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
        assertThat(introspect(serverKey, "application/x-www-form-urlencoded", "token_type_hint=api_key").errorCode())
                .isEqualTo("MissingParameter");
        assertThat(introspect(serverKey, "application/x-www-form-urlencoded", "token=a&token=b").errorCode())
                .isEqualTo("InvalidParameter");
        assertThat(introspect(serverKey, "application/x-www-form-urlencoded", "token=%zz").errorCode())
                .isEqualTo("BadRequest");
        assertThat(introspect(serverKey, "application/json", "{\"token\": 5}").status()).isEqualTo(400);
        assertThat(introspect(serverKey, "application/json", "[").status()).isEqualTo(400);
    }

    @Test
    void with_the_api_key_provider_off_no_key_is_active() throws InterruptedException {
        Login user = client.registerAndLogIn("provider-off-" + System.nanoTime() + "@example.org");
        String key = client.createKey(user.refreshToken(), "k").text("key");
        assertThat(client.put(ADMIN + "/apps/keyport/auth_providers/api-key/disable", admin).status()).isEqualTo(204);
        try {
            long deadline = System.nanoTime() + 10_000_000_000L; // the provider switch reaches every instance within 2 s
            while (!form(serverKey, key).body().equals(INACTIVE)) {
                assertThat(System.nanoTime()).as("inactive within 10 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            assertThat(client.put(ADMIN + "/apps/keyport/auth_providers/api-key/enable", admin).status()).isEqualTo(204);
        }
    }
}
