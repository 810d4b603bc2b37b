package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APP;
import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.CLIENT;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.User;
import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 24's routes over the production graph on the in-memory store: {@code DELETE /auth/delete}, the login route's
 * {@code ?link=true}, and the admin's user routes, with their status and error codes, and attacks on them (no bearer,
 * a refresh token for an access token, a key session, replays, server users, a user's token on the admin routes).
 */
class AccountRoutesTest {
    private static final String LOGIN = "POST /api/client/v2.0/app/{app}/auth/providers/{provider}/login";
    private static final String DELETE_OWN = "DELETE /api/client/v2.0/auth/delete";
    private static final String PROFILE = "GET /api/client/v2.0/auth/profile";
    private static final String LOOK_UP = "GET /api/admin/v3.0/apps/{app}/users";
    private static final String LIST = "GET /api/admin/v3.0/apps/{app}/users/list";
    private static final String DISABLE = "PUT /api/admin/v3.0/apps/{app}/users/{user}/disable";
    private static final String ENABLE = "PUT /api/admin/v3.0/apps/{app}/users/{user}/enable";
    private static final String DELETE = "DELETE /api/admin/v3.0/apps/{app}/users/{user}";
    private static final String USERS = APPS + "/users";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    /** Each test logs in from an address of its own, so the shared throttle counts its failures apart. */
    private Answer send(String address, String method, String path, String bearer, String body) {
        return keyport.send(method, path, bearer, body, "X-Forwarded-For", address);
    }

    private String refused(int status, String code, Answer answer) {
        assertThat(keyport.refusal(status, answer)).as(answer.body()).isEqualTo(code);
        return keyport.text(answer, "error");
    }

    private Answer passwordLogin(String address, String email) {
        return send(
                address,
                "POST",
                APP + "/auth/providers/local-userpass/login",
                null,
                "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}");
    }

    private Answer keyLogin(String address, String key) {
        return send(address, "POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"" + key + "\"}");
    }

    private Answer link(String address, String bearer, String email, String password) {
        return send(
                address,
                "POST",
                APP + "/auth/providers/local-userpass/login?link=true",
                bearer,
                "{\"username\":\"" + email + "\",\"password\":\"" + password + "\",\"options\":{\"device\":{}}}");
    }

    private String register(String address) {
        String email = InMemoryKeyport.unique("account") + "@example.org";
        expect(
                201,
                send(
                        address,
                        "POST",
                        APP + "/auth/providers/local-userpass/register",
                        null,
                        "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}"));
        return email;
    }

    @Test
    @Covers({LOGIN, PROFILE})
    void link_keeps_the_anonymous_users_id_and_refuses_everything_else() {
        String ip = "198.51.100.41";
        Answer anon = expect(200, send(ip, "POST", APP + "/auth/providers/anon-user/login", null, "{}"));
        String access = keyport.text(anon, "access_token");
        String refresh = keyport.text(anon, "refresh_token");
        String anonId = keyport.text(anon, "user_id");
        String email = register(ip);

        refused(401, "InvalidSession", link(ip, null, email, "correct horse"));
        refused(401, "InvalidSession", link(ip, refresh, email, "correct horse"));
        refused(
                400,
                "InvalidParameter",
                send(
                        ip,
                        "POST",
                        APP + "/auth/providers/local-userpass/login?link=yes",
                        access,
                        "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}"));
        refused(401, "InvalidPassword", link(ip, access, email, "wrong horse"));
        refused(
                409,
                "InvalidSession",
                send(ip, "POST", APP + "/auth/providers/api-key/login?link=true", access, "{\"key\":\"anything\"}"));

        Answer linked = expect(200, link(ip, access, email, "correct horse"));
        assertThat(keyport.text(linked, "user_id")).isEqualTo(anonId);
        assertThat(keyport.parse(linked).get("refresh_token"))
                .as("no refresh token: the caller keeps theirs")
                .isNull();
        assertThat(keyport.text(linked, "device_id")).isEqualTo(keyport.text(anon, "device_id"));
        JsonNode profile = keyport.parse(
                expect(200, send(ip, "GET", CLIENT + "/auth/profile", keyport.text(linked, "access_token"), null)));
        assertThat(profile.get("identities").size()).isEqualTo(2);
        assertThat(profile.get("data").get("email").getStringValue()).isEqualTo(email);
        expect(201, send(ip, "POST", CLIENT + "/auth/api_keys", refresh, "{\"name\":\"now-allowed\"}"));

        assertThat(refused(409, "InvalidSession", link(ip, access, email, "correct horse")))
                .isEqualTo("a user already exists with the specified provider.");
        assertThat(keyport.text(expect(200, passwordLogin(ip, email)), "user_id"))
                .isEqualTo(anonId);

        // an email that logged in belongs to a user: another anonymous user cannot take it, and nothing changes
        Answer other = expect(200, send(ip, "POST", APP + "/auth/providers/anon-user/login", null, "{}"));
        refused(409, "InvalidSession", link(ip, keyport.text(other, "access_token"), email, "correct horse"));
        assertThat(keyport.text(expect(200, passwordLogin(ip, email)), "user_id"))
                .isEqualTo(anonId);
    }

    @Test
    @Covers({DELETE_OWN, LOGIN})
    void delete_needs_a_live_access_token_of_a_password_session_and_takes_keys_and_password_with_it() {
        String ip = "198.51.100.42";
        User user = keyport.user();
        String key = keyport.userKey(user).value();
        String keySessionAccess = keyport.text(expect(200, keyLogin(ip, key)), "access_token");

        refused(401, "InvalidSession", send(ip, "DELETE", CLIENT + "/auth/delete", null, null));
        refused(401, "InvalidSession", send(ip, "DELETE", CLIENT + "/auth/delete", user.refresh(), null));
        refused(403, "APIKeySessionForbidden", send(ip, "DELETE", CLIENT + "/auth/delete", keySessionAccess, null));
        expect(200, keyLogin(ip, key));

        expect(204, send(ip, "DELETE", CLIENT + "/auth/delete", user.access(), null));

        refused(401, "AuthError", keyLogin(ip, key));
        refused(401, "InvalidPassword", passwordLogin(ip, user.email()));
        refused(401, "InvalidSession", send(ip, "POST", CLIENT + "/auth/session", user.refresh(), null));
        refused(401, "InvalidSession", send(ip, "DELETE", CLIENT + "/auth/delete", user.access(), null)); // a replay
        expect(
                201,
                send(
                        ip,
                        "POST",
                        APP + "/auth/providers/local-userpass/register",
                        null,
                        "{\"email\":\"" + user.email() + "\",\"password\":\"correct horse\"}"));
    }

    @Test
    @Covers({DISABLE, ENABLE, LIST, LOOK_UP, DELETE, LOGIN})
    void the_admin_disables_enables_lists_and_deletes_users_but_not_server_users() {
        String ip = "198.51.100.43";
        String admin = keyport.admin();
        User user = keyport.user();
        String key = keyport.userKey(user).value();

        refused(401, "InvalidSession", send(ip, "PUT", USERS + "/" + user.id() + "/disable", user.refresh(), null));
        refused(400, "InvalidParameter", send(ip, "PUT", USERS + "/not-an-id/disable", admin, null));
        refused(404, "UserNotFound", send(ip, "PUT", USERS + "/0123456789abcdef01234599/disable", admin, null));
        expect(204, send(ip, "PUT", USERS + "/" + user.id() + "/disable", admin, null));

        refused(401, "UserDisabled", passwordLogin(ip, user.email()));
        refused(401, "AuthError", keyLogin(ip, key));
        refused(401, "InvalidSession", send(ip, "POST", CLIENT + "/auth/session", user.refresh(), null));
        JsonNode details = keyport.parse(expect(200, send(ip, "GET", USERS + "?q=" + user.id(), admin, null)));
        assertThat(details.get("state").getStringValue()).isEqualTo("disabled");
        JsonNode page = keyport.parse(expect(200, send(ip, "GET", USERS + "/list?limit=1000", admin, null)));
        String state = null;
        for (int i = 0; i < page.get("users").size(); i++) {
            JsonNode listed = page.get("users").get(i);
            if (listed.get("_id").getStringValue().equals(user.id())) {
                state = listed.get("state").getStringValue();
            }
        }
        assertThat(state).isEqualTo("disabled");
        refused(400, "InvalidParameter", send(ip, "GET", USERS + "/list?limit=0", admin, null));

        expect(204, send(ip, "PUT", USERS + "/" + user.id() + "/enable", admin, null));
        refused(401, "InvalidSession", send(ip, "POST", CLIENT + "/auth/session", user.refresh(), null));
        expect(200, passwordLogin(ip, user.email()));
        expect(200, keyLogin(ip, key));

        // the admin's server-key users are managed through their keys
        String serverUser = keyport.text(
                expect(
                        201,
                        send(
                                ip,
                                "POST",
                                APPS + "/api_keys",
                                admin,
                                "{\"name\":\"" + InMemoryKeyport.unique("backend") + "\"}")),
                "user_id");
        refused(403, "ServerUserForbidden", send(ip, "DELETE", USERS + "/" + serverUser, admin, null));
        refused(403, "ServerUserForbidden", send(ip, "PUT", USERS + "/" + serverUser + "/disable", admin, null));
        // a user's own token on the admin routes, for another user's id
        refused(401, "InvalidSession", send(ip, "DELETE", USERS + "/" + serverUser, user.access(), null));

        expect(204, send(ip, "DELETE", USERS + "/" + user.id(), admin, null));
        refused(404, "UserNotFound", send(ip, "DELETE", USERS + "/" + user.id(), admin, null));
        refused(401, "AuthError", keyLogin(ip, key));
    }
}
