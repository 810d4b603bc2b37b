package dev.keyport.bootstrap;

import static dev.keyport.bootstrap.ProtocolClient.APP;
import static dev.keyport.bootstrap.ProtocolClient.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every admin route, success and failure, through HTTP on real PostgreSQL. */
@MicronautTest
class AdminApiTest extends KeyportServerTest {
    private static final String ADMIN = "/api/admin/v3.0";
    private static final String APPS = ADMIN + "/apps/keyport";

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = super.getProperties();
        properties.put("keyport.admin.username", "root");
        properties.put("keyport.admin.password", "admin-test-password");
        properties.put("keyport.audit.flush-interval", "1h"); // reading the trail must flush by itself
        return properties;
    }

    private static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).contains("application/json");
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.text("error")).isNotBlank();
    }

    private String adminToken() {
        Answer login = client.post(
                ADMIN + "/auth/providers/local-userpass/login",
                null,
                "{\"username\":\"root\",\"password\":\"admin-test-password\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.text("access_token");
    }

    private Answer createServerKey(String admin, String name) {
        return client.post(APPS + "/api_keys", admin, "{\"name\":\"" + name + "\"}");
    }

    private static List<String> field(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(array.get(i).get(field).getStringValue());
        }
        return values;
    }

    @Test
    void admin_login_needs_the_configured_account() {
        assertThat(adminToken()).isNotBlank();
        assertError(
                client.post(
                        ADMIN + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"root\",\"password\":\"wrong\"}"),
                401,
                "InvalidPassword");
        assertError(
                client.post(
                        ADMIN + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"admin\",\"password\":\"admin-test-password\"}"),
                401,
                "InvalidPassword");
        assertError(
                client.post(ADMIN + "/auth/providers/local-userpass/login", null, "{\"username\":\"root\"}"),
                400,
                "MissingParameter");
        assertError(client.post(ADMIN + "/auth/providers/local-userpass/login", null, "{not json"), 400, "BadRequest");
    }

    @Test
    void client_tokens_are_refused_on_admin_routes_and_admin_tokens_on_client_routes() {
        Login user = client.registerAndLogIn(uniqueEmail());
        for (String token : new String[] {user.accessToken(), user.refreshToken(), null, "garbage"}) {
            assertError(client.get(APPS + "/api_keys", token), 401, "InvalidSession");
            assertError(client.get(APPS + "/auth_providers", token), 401, "InvalidSession");
            assertError(createServerKey(token, "sneaky"), 401, "InvalidSession");
        }
        String admin = adminToken();
        assertError(client.get(CLIENT + "/auth/profile", admin), 401, "InvalidSession");
        assertError(client.get(CLIENT + "/auth/api_keys", admin), 401, "InvalidSession");
        assertError(client.post(CLIENT + "/auth/session", admin, null), 401, "InvalidSession");
        assertError(client.get(ADMIN + "/apps/other-app/api_keys", admin), 404, "AppNotFound");
    }

    @Test
    void a_server_key_is_shown_once_logs_in_as_a_server_user_and_its_lifecycle_is_enforced() {
        String admin = adminToken();
        Answer created = createServerKey(admin, "billing-" + System.nanoTime());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String keyId = created.text("_id");
        String value = created.text("key");
        assertThat(value).startsWith("kpk_");

        Answer listed = client.get(APPS + "/api_keys", admin);
        assertThat(listed.body()).contains(keyId).doesNotContain(value);
        Answer fetched = client.get(APPS + "/api_keys/" + keyId, admin);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body()).doesNotContain(value);
        assertThat(fetched.json().get("disabled").getBooleanValue()).isFalse();

        Answer login = client.logInWithKey(value);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        Answer profile = client.get(CLIENT + "/auth/profile", login.text("access_token"));
        assertThat(profile.text("type")).isEqualTo("server");
        assertThat(profile.text("user_id")).isEqualTo(created.text("user_id"));
        assertThat(profile.json().get("data"))
                .as("data is required by the clients, even when empty")
                .isNotNull();
        assertThat(profile.json().get("identities").size())
                .as("the key identity is listed once: " + profile.body())
                .isEqualTo(1);
        assertThat(profile.json().get("identities").get(0).get("provider_type").getStringValue())
                .isEqualTo("api-key");

        assertThat(client.put(APPS + "/api_keys/" + keyId + "/disable", admin).status())
                .isEqualTo(204);
        assertError(client.logInWithKey(value), 401, "AuthError");
        assertError(client.post(CLIENT + "/auth/session", login.text("refresh_token"), null), 401, "InvalidSession");
        assertThat(client.get(APPS + "/api_keys/" + keyId, admin)
                        .json()
                        .get("disabled")
                        .getBooleanValue())
                .isTrue();
        assertThat(client.put(APPS + "/api_keys/" + keyId + "/enable", admin).status())
                .isEqualTo(204);
        assertThat(client.logInWithKey(value).status()).isEqualTo(200);

        assertThat(client.delete(APPS + "/api_keys/" + keyId, admin).status()).isEqualTo(204);
        assertError(client.get(APPS + "/api_keys/" + keyId, admin), 404, "APIKeyNotFound");
        assertError(client.delete(APPS + "/api_keys/" + keyId, admin), 404, "APIKeyNotFound");
        assertError(client.logInWithKey(value), 401, "AuthError");
        assertError(client.get(APPS + "/users?q=" + created.text("user_id"), admin), 404, "UserNotFound");
    }

    @Test
    void server_key_names_are_unique_and_checked() {
        String admin = adminToken();
        String name = "dup-" + System.nanoTime();
        assertThat(createServerKey(admin, name).status()).isEqualTo(201);
        int before = client.get(APPS + "/api_keys", admin).json().size();
        assertError(createServerKey(admin, name), 409, "APIKeyAlreadyExists");
        assertError(createServerKey(admin, "bell\\u0007"), 400, "InvalidParameter");
        assertError(client.post(APPS + "/api_keys", admin, "{}"), 400, "MissingParameter");
        assertError(client.post(APPS + "/api_keys", admin, "[1]"), 400, "BadRequest");
        assertError(client.get(APPS + "/api_keys/not-an-id", admin), 400, "InvalidParameter");
        assertThat(client.get(APPS + "/api_keys", admin).json().size()).isEqualTo(before);
    }

    @Test
    void a_disabled_provider_refuses_login_and_key_creation_until_enabled_again() {
        String admin = adminToken();
        Login user = client.registerAndLogIn(uniqueEmail());
        String keyValue = client.createKey(user.refreshToken(), "phone").text("key");
        try {
            assertThat(client.put(APPS + "/auth_providers/api-key/disable", admin)
                            .status())
                    .isEqualTo(204);
            assertThat(client.get(APPS + "/auth_providers", admin).body())
                    .contains("{\"_id\":\"api-key\",\"name\":\"api-key\",\"type\":\"api-key\",\"disabled\":true");
            assertError(client.logInWithKey(keyValue), 404, "AuthProviderNotFound");
            assertError(client.createKey(user.refreshToken(), "tablet"), 404, "AuthProviderNotFound");
            assertThat(field(
                            client.get(CLIENT + "/auth/api_keys", user.refreshToken())
                                    .json(),
                            "name"))
                    .containsExactly("phone");
        } finally {
            assertThat(client.put(APPS + "/auth_providers/api-key/enable", admin)
                            .status())
                    .isEqualTo(204);
        }
        assertThat(client.logInWithKey(keyValue).status()).isEqualTo(200);
        assertThat(client.createKey(user.refreshToken(), "tablet").status()).isEqualTo(201);

        try {
            assertThat(client.put(APPS + "/auth_providers/anon-user/disable", admin)
                            .status())
                    .isEqualTo(204);
            assertError(client.post(APP + "/auth/providers/anon-user/login", null, "{}"), 404, "AuthProviderNotFound");
        } finally {
            client.put(APPS + "/auth_providers/anon-user/enable", admin);
        }
        assertThat(client.post(APP + "/auth/providers/anon-user/login", null, "{}")
                        .status())
                .isEqualTo(200);
        assertError(client.put(APPS + "/auth_providers/oauth2-google/disable", admin), 404, "AuthProviderNotFound");
    }

    @Test
    void the_export_is_in_app_directory_format() {
        Answer export = client.get(APPS + "/export", adminToken());
        assertThat(export.status()).isEqualTo(200);
        JsonNode file = export.json().get("auth_providers/api-key.json");
        assertThat(file.get("name").getStringValue()).isEqualTo("api-key");
        assertThat(file.get("type").getStringValue()).isEqualTo("api-key");
        assertThat(file.get("disabled").getBooleanValue()).isFalse();
        assertThat(export.json().get("auth_providers/local-userpass.json")).isNotNull();
        assertThat(export.json().get("auth_providers/anon-user.json")).isNotNull();
    }

    @Test
    void an_admin_looks_up_a_user_and_disables_then_deletes_their_key() {
        String admin = adminToken();
        String email = uniqueEmail();
        Login user = client.registerAndLogIn(email);
        Answer key = client.createKey(user.refreshToken(), "laptop");
        String keyId = key.text("_id");
        Answer viaKey = client.logInWithKey(key.text("key"));

        Answer found = client.get(APPS + "/users?q=" + email.toUpperCase(), admin);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.text("_id")).isEqualTo(user.userId());
        assertThat(field(found.json().get("api_keys"), "name")).containsExactly("laptop");
        assertThat(found.body()).doesNotContain(key.text("key"));
        assertThat(client.get(APPS + "/users?q=" + user.userId(), admin).text("email"))
                .isEqualTo(email);

        String userKey = APPS + "/users/" + user.userId() + "/api_keys/" + keyId;
        assertThat(client.put(userKey + "/disable", admin).status()).isEqualTo(204);
        assertError(client.post(CLIENT + "/auth/session", viaKey.text("refresh_token"), null), 401, "InvalidSession");
        assertThat(client.get(CLIENT + "/auth/api_keys/" + keyId, user.refreshToken())
                        .json()
                        .get("disabled")
                        .getBooleanValue())
                .isTrue();
        assertThat(client.delete(userKey, admin).status()).isEqualTo(204);
        assertError(client.get(CLIENT + "/auth/api_keys/" + keyId, user.refreshToken()), 404, "APIKeyNotFound");
        assertError(client.delete(userKey, admin), 404, "APIKeyNotFound");

        assertError(client.get(APPS + "/users?q=nobody@example.org", admin), 404, "UserNotFound");
        assertError(client.get(APPS + "/users?q=zzz", admin), 400, "InvalidParameter");
        assertError(client.get(APPS + "/users", admin), 400, "MissingParameter");
    }

    @Test
    void the_audit_trail_records_admin_actions_and_key_events_without_key_values() {
        String admin = adminToken();
        Answer created = createServerKey(admin, "audited-" + System.nanoTime());
        String keyId = created.text("_id");
        client.logInWithKey(created.text("key"));
        client.put(APPS + "/api_keys/" + keyId + "/disable", admin);
        client.logInWithKey(created.text("key"));

        Answer audit = client.get(APPS + "/audit?limit=10", admin);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).doesNotContain(created.text("key"));
        JsonNode events = audit.json();
        List<String> forKey = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).get("target").getStringValue().equals("key:" + keyId)) {
                forKey.add(events.get(i).get("action").getStringValue() + " by "
                        + events.get(i).get("actor").getStringValue());
            }
        }
        assertThat(forKey)
                .containsExactly(
                        "key.login_refused by client",
                        "key.disabled by admin:root",
                        "key.login_succeeded by client",
                        "key.created by admin:root");
        assertError(client.get(APPS + "/audit?limit=0", admin), 400, "InvalidParameter");
        assertError(client.get(APPS + "/audit?limit=ten", admin), 400, "InvalidParameter");
        assertError(client.get(APPS + "/audit?limit=100000", admin), 400, "InvalidParameter");
    }

    @Test
    void the_console_is_served_with_security_headers() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(
                java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/admin/"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Keyport").contains("console.js");
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'")
                .contains("script-src 'self'");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        var script = http.send(
                java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/admin/console.js"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
    }
}
