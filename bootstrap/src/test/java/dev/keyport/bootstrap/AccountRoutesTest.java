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
 * Issue 24's routes over the real services on the in-memory store: {@code DELETE /auth/delete}, the login route's
 * {@code ?link=true}, and the admin's users routes, with their status codes and error codes, and attacks on them
 * (no bearer, a refresh token for an access token, another user's id, replays).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountRoutesTest {
    private static final String APP = "/api/client/v2.0/app/keyport";
    private static final String CLIENT = "/api/client/v2.0";
    private static final String USERS = "/api/admin/v3.0/apps/keyport/users";
    private RestEdge edge;
    private JsonMapper json;

    @BeforeAll
    void start() {
        // the production graph (Composition.compose) over the in-memory store, as KEYPORT_STORE=memory runs it
        edge = RestEdge.inMemory(Map.of("keyport.admin.username", "root", "keyport.admin.password", "admin-pw"));
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
        JsonNode node = parse(answer).get(field);
        return node == null || node.isNull() ? null : node.getStringValue();
    }

    private Answer expect(int status, Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (!answer.body().isEmpty()) {
            assertThat(answer.contentType()).isEqualTo("application/json");
        }
        return answer;
    }

    private Answer expectError(int status, String code, Answer answer) {
        expect(status, answer);
        assertThat(text(answer, "error_code")).as(answer.body()).isEqualTo(code);
        assertThat(text(answer, "error")).isNotBlank();
        return answer;
    }

    private void register(String email) {
        expect(201, edge.send("POST", APP + "/auth/providers/local-userpass/register", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}"));
    }

    private Answer passwordLogin(String email) {
        return edge.send("POST", APP + "/auth/providers/local-userpass/login", null,
                "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}");
    }

    private Answer link(String bearer, String email) {
        return edge.send("POST", APP + "/auth/providers/local-userpass/login?link=true", bearer,
                "{\"username\":\"" + email + "\",\"password\":\"correct horse\",\"options\":{\"device\":{}}}");
    }

    private Answer keyLogin(String key) {
        return edge.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"" + key + "\"}");
    }

    private String admin() {
        return text(expect(200, edge.send("POST", "/api/admin/v3.0/auth/providers/local-userpass/login", null,
                "{\"username\":\"root\",\"password\":\"admin-pw\"}")), "access_token");
    }

    @Test
    void link_keeps_the_anonymous_users_id_and_refuses_everything_else() {
        Answer anon = expect(200, edge.send("POST", APP + "/auth/providers/anon-user/login", null, "{}"));
        String access = text(anon, "access_token");
        String refresh = text(anon, "refresh_token");
        String anonId = text(anon, "user_id");
        register("link@example.org");

        expectError(401, "InvalidSession", link(null, "link@example.org"));
        expectError(401, "InvalidSession", link(refresh, "link@example.org"));
        expectError(400, "InvalidParameter", edge.send("POST", APP + "/auth/providers/local-userpass/login?link=yes",
                access, "{\"username\":\"link@example.org\",\"password\":\"correct horse\"}"));
        expectError(401, "InvalidPassword", edge.send("POST", APP + "/auth/providers/local-userpass/login?link=true",
                access, "{\"username\":\"link@example.org\",\"password\":\"wrong horse\"}"));
        expectError(409, "InvalidSession", edge.send("POST", APP + "/auth/providers/api-key/login?link=true", access,
                "{\"key\":\"anything\"}"));

        Answer linked = expect(200, link(access, "link@example.org"));
        assertThat(text(linked, "user_id")).isEqualTo(anonId);
        assertThat(text(linked, "refresh_token")).isNull();
        assertThat(text(linked, "device_id")).isEqualTo(text(anon, "device_id"));
        JsonNode profile = parse(expect(200, edge.send("GET", CLIENT + "/auth/profile", text(linked, "access_token"), null)));
        assertThat(profile.get("identities").size()).isEqualTo(2);
        assertThat(profile.get("data").get("email").getStringValue()).isEqualTo("link@example.org");
        expect(201, edge.send("POST", CLIENT + "/auth/api_keys", refresh, "{\"name\":\"now-allowed\"}"));

        Answer again = expectError(409, "InvalidSession", link(access, "link@example.org"));
        assertThat(text(again, "error")).isEqualTo("a user already exists with the specified provider.");
        assertThat(text(expect(200, passwordLogin("link@example.org")), "user_id")).isEqualTo(anonId);

        // an email that logged in belongs to a user: another anonymous user cannot take it, and nothing changes
        Answer other = expect(200, edge.send("POST", APP + "/auth/providers/anon-user/login", null, "{}"));
        expectError(409, "InvalidSession", link(text(other, "access_token"), "link@example.org"));
        assertThat(text(expect(200, passwordLogin("link@example.org")), "user_id")).isEqualTo(anonId);
    }

    @Test
    void delete_needs_a_live_access_token_and_takes_keys_and_password_with_it() {
        register("gone@example.org");
        Answer login = expect(200, passwordLogin("gone@example.org"));
        String access = text(login, "access_token");
        String refresh = text(login, "refresh_token");
        String key = text(expect(201, edge.send("POST", CLIENT + "/auth/api_keys", refresh, "{\"name\":\"d\"}")), "key");
        String keySessionAccess = text(expect(200, keyLogin(key)), "access_token");

        expectError(401, "InvalidSession", edge.send("DELETE", CLIENT + "/auth/delete", null, null));
        expectError(401, "InvalidSession", edge.send("DELETE", CLIENT + "/auth/delete", refresh, null));
        expectError(403, "APIKeySessionForbidden", edge.send("DELETE", CLIENT + "/auth/delete", keySessionAccess, null));
        expect(200, keyLogin(key));

        expect(204, edge.send("DELETE", CLIENT + "/auth/delete", access, null));

        expectError(401, "AuthError", keyLogin(key));
        expectError(401, "InvalidPassword", passwordLogin("gone@example.org"));
        expectError(401, "InvalidSession", edge.send("POST", CLIENT + "/auth/session", refresh, null));
        expectError(401, "InvalidSession", edge.send("DELETE", CLIENT + "/auth/delete", access, null)); // a replay
        register("gone@example.org");
        expect(200, passwordLogin("gone@example.org"));
    }

    @Test
    void the_admin_disables_enables_lists_and_deletes_users() {
        String admin = admin();
        register("dis@example.org");
        Answer login = expect(200, passwordLogin("dis@example.org"));
        String user = text(login, "user_id");
        String refresh = text(login, "refresh_token");
        String key = text(expect(201, edge.send("POST", CLIENT + "/auth/api_keys", refresh, "{\"name\":\"d\"}")), "key");

        expectError(401, "InvalidSession", edge.send("PUT", USERS + "/" + user + "/disable", refresh, null));
        expectError(400, "InvalidParameter", edge.send("PUT", USERS + "/not-an-id/disable", admin, null));
        expectError(404, "UserNotFound", edge.send("PUT", USERS + "/0123456789abcdef01234599/disable", admin, null));
        expect(204, edge.send("PUT", USERS + "/" + user + "/disable", admin, null));

        expectError(401, "UserDisabled", passwordLogin("dis@example.org"));
        expectError(401, "AuthError", keyLogin(key));
        expectError(401, "InvalidSession", edge.send("POST", CLIENT + "/auth/session", refresh, null));
        JsonNode details = parse(expect(200, edge.send("GET", "/api/admin/v3.0/apps/keyport/users?q=" + user, admin, null)));
        assertThat(details.get("state").getStringValue()).isEqualTo("disabled");
        JsonNode page = parse(expect(200, edge.send("GET", USERS + "/list?limit=1000", admin, null)));
        boolean listedDisabled = false;
        for (int i = 0; i < page.get("users").size(); i++) {
            JsonNode listed = page.get("users").get(i);
            if (listed.get("_id").getStringValue().equals(user)) {
                listedDisabled = listed.get("state").getStringValue().equals("disabled");
            }
        }
        assertThat(listedDisabled).isTrue();
        expectError(400, "InvalidParameter", edge.send("GET", USERS + "/list?limit=0", admin, null));

        expect(204, edge.send("PUT", USERS + "/" + user + "/enable", admin, null));
        expectError(401, "InvalidSession", edge.send("POST", CLIENT + "/auth/session", refresh, null));
        expect(200, passwordLogin("dis@example.org"));
        expect(200, keyLogin(key));

        // the admin's server-key users are managed through their keys
        String serverUser = text(expect(201, edge.send("POST", "/api/admin/v3.0/apps/keyport/api_keys", admin,
                "{\"name\":\"backend-" + System.nanoTime() + "\"}")), "user_id");
        expectError(403, "ServerUserForbidden", edge.send("DELETE", USERS + "/" + serverUser, admin, null));
        expectError(403, "ServerUserForbidden", edge.send("PUT", USERS + "/" + serverUser + "/disable", admin, null));
        // a user's own token on the admin routes, for another user's id: refused
        expectError(401, "InvalidSession", edge.send("DELETE", USERS + "/" + serverUser, text(login, "access_token"), null));

        expect(204, edge.send("DELETE", USERS + "/" + user, admin, null));
        expectError(404, "UserNotFound", edge.send("DELETE", USERS + "/" + user, admin, null));
        expectError(401, "AuthError", keyLogin(key));
    }
}
