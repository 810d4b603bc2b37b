package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.RestEdge.Answer;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of the REST adapter, from HTTP to a use case and back, with the real services over the
 * in-memory adapters, as the composition root wires them: status codes, JSON shapes and the token round
 * trips, in a second, without PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesOverInMemoryUseCasesTest {
    private static final String APP = "/api/client/v2.0/app/keyport";
    private static final String CLIENT = "/api/client/v2.0";
    private static final String ADMIN = "/api/admin/v3.0";
    private RestEdge edge;
    private JsonMapper json;

    @BeforeAll
    void start() {
        // the production graph (Composition.compose) over the in-memory store, as KEYPORT_STORE=memory runs it
        edge = RestEdge.inMemory(Map.of("keyport.admin.username", "root", "keyport.admin.password", "admin-pw",
                "keyport.login-throttle.enabled", "true", "keyport.login-throttle.max-failures", "3",
                "keyport.login-throttle.client-address-header", "X-Forwarded-For"));
        json = edge.bean(JsonMapper.class);
    }

    @AfterAll
    void stop() {
        edge.close();
    }

    private JsonNode parse(Answer answer) {
        try {
            return json.readValue(answer.body(), JsonNode.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer, e);
        }
    }

    private String text(Answer answer, String field) {
        return parse(answer).get(field).getStringValue();
    }

    private Answer expect(int status, Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (!answer.body().isEmpty()) {
            assertThat(answer.contentType()).isEqualTo("application/json");
        }
        return answer;
    }

    @Test
    void the_client_protocol_routes() {
        assertThat(text(expect(200, edge.send("GET", APP + "/location", null, null)), "deployment_model")).isEqualTo("GLOBAL");
        expect(201, edge.send("POST", APP + "/auth/providers/local-userpass/register", null,
                "{\"email\":\"routes@example.org\",\"password\":\"correct horse\"}"));
        Answer login = expect(200, edge.send("POST", APP + "/auth/providers/local-userpass/login", null,
                "{\"username\":\"routes@example.org\",\"password\":\"correct horse\"}"));
        String access = text(login, "access_token");
        String refresh = text(login, "refresh_token");
        assertThat(text(expect(200, edge.send("GET", CLIENT + "/auth/profile", access, null)), "user_id"))
                .isEqualTo(text(login, "user_id"));
        assertThat(text(expect(201, edge.send("POST", CLIENT + "/auth/session", refresh, null)), "access_token")).isNotBlank();

        Answer created = expect(201, edge.send("POST", CLIENT + "/auth/api_keys", refresh, "{\"name\":\"phone\"}"));
        String id = text(created, "_id");
        String key = text(created, "key");
        assertThat(parse(expect(200, edge.send("GET", CLIENT + "/auth/api_keys", refresh, null))).size()).isEqualTo(1);
        assertThat(parse(expect(200, edge.send("GET", CLIENT + "/auth/api_keys/" + id, refresh, null))).get("key")).isNull();
        expect(204, edge.send("PUT", CLIENT + "/auth/api_keys/" + id + "/disable", refresh, null));
        expect(401, edge.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"" + key + "\"}"));
        expect(204, edge.send("PUT", CLIENT + "/auth/api_keys/" + id + "/enable", refresh, null));
        Answer keyLogin = expect(200, edge.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"" + key + "\"}"));
        assertThat(text(keyLogin, "user_id")).isEqualTo(text(login, "user_id"));
        expect(204, edge.send("DELETE", CLIENT + "/auth/api_keys/" + id, refresh, null));
        expect(404, edge.send("GET", CLIENT + "/auth/api_keys/" + id, refresh, null));

        expect(200, edge.send("POST", APP + "/auth/providers/anon-user/login", null, "{}"));
        expect(204, edge.send("DELETE", CLIENT + "/auth/session", refresh, null));
        Answer again = expect(401, edge.send("DELETE", CLIENT + "/auth/session", refresh, null));
        assertThat(text(again, "error")).isEqualTo("failed to find refresh token");
    }

    @Test
    void request_shape_errors_are_answered_by_the_edge() {
        Answer missing = expect(400, edge.send("POST", APP + "/auth/providers/local-userpass/login", null, "{\"username\":\"x\"}"));
        assertThat(text(missing, "error_code")).isEqualTo("MissingParameter");
        Answer wrongType = expect(400, edge.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":42}"));
        assertThat(text(wrongType, "error_code")).isEqualTo("InvalidParameter");
        expect(400, edge.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"a\"}{\"key\":\"b\"}"));
        expect(404, edge.send("POST", APP + "/auth/providers/custom-function/login", null, "{}"));
        expect(404, edge.send("GET", "/api/client/v2.0/app/other-app/location", null, null));
    }

    /** The limit is 3 failures per address or account; this client has an address of its own. */
    @Test
    void the_login_throttle_answers_429_after_repeated_failures() {
        for (int i = 0; i < 3; i++) {
            expect(401, edge.send("POST", APP + "/auth/providers/local-userpass/login", null,
                    "{\"username\":\"throttled@example.org\",\"password\":\"guess-" + i + "\"}", "X-Forwarded-For", "203.0.113.9"));
        }
        Answer throttled = expect(429, edge.send("POST", APP + "/auth/providers/local-userpass/login", null,
                "{\"username\":\"someone-else@example.org\",\"password\":\"guess\"}", "X-Forwarded-For", "203.0.113.9"));
        assertThat(text(throttled, "error_code")).isEqualTo("TooManyRequests");
        expect(401, edge.send("POST", APP + "/auth/providers/local-userpass/login", null,
                "{\"username\":\"someone-else@example.org\",\"password\":\"guess\"}", "X-Forwarded-For", "203.0.113.10"));
    }

    @Test
    void the_admin_routes() {
        String admin = text(expect(200, edge.send("POST", ADMIN + "/auth/providers/local-userpass/login", null,
                "{\"username\":\"root\",\"password\":\"admin-pw\"}")), "access_token");
        String apps = ADMIN + "/apps/keyport";
        assertThat(parse(expect(200, edge.send("GET", apps + "/auth_providers", admin, null))).size()).isEqualTo(3);
        expect(204, edge.send("PUT", apps + "/auth_providers/api-key/disable", admin, null));
        expect(204, edge.send("PUT", apps + "/auth_providers/api-key/enable", admin, null));
        expect(200, edge.send("GET", apps + "/export", admin, null));
        String id = text(expect(201, edge.send("POST", apps + "/api_keys", admin, "{\"name\":\"billing\"}")), "_id");
        assertThat(parse(expect(200, edge.send("GET", apps + "/api_keys", admin, null))).size()).isEqualTo(1);
        expect(200, edge.send("GET", apps + "/api_keys/" + id, admin, null));
        expect(204, edge.send("PUT", apps + "/api_keys/" + id + "/disable", admin, null));
        expect(204, edge.send("PUT", apps + "/api_keys/" + id + "/enable", admin, null));
        expect(204, edge.send("DELETE", apps + "/api_keys/" + id, admin, null));
        expect(404, edge.send("GET", apps + "/users?q=nobody@example.org", admin, null));
        assertThat(parse(expect(200, edge.send("GET", apps + "/audit?limit=5", admin, null))).size()).isEqualTo(5);
        expect(409, edge.send("PUT", ADMIN + "/auth/password", admin,
                "{\"current_password\":\"admin-pw\",\"new_password\":\"another-pw\"}"));
        expect(204, edge.send("DELETE", ADMIN + "/auth/session", admin, null));
        expect(401, edge.send("GET", apps + "/auth_providers", admin, null));
    }
}
