package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APP;
import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.CLIENT;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.Key;
import dev.keyport.adapter.rest.InMemoryKeyport.User;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

/** Users and their keys as the admin sees them (UsersController) over the real services. */
class AdminUserRoutesTest {
    private static final String LOOK_UP = "GET /api/admin/v3.0/apps/{app}/users";
    private static final String USER_KEY = "/api/admin/v3.0/apps/{app}/users/{user}/api_keys/{id}";
    private static final String END_GRACE = "POST " + USER_KEY + "/end_grace";
    private static final String DISABLE = "PUT " + USER_KEY + "/disable";
    private static final String DELETE = "DELETE " + USER_KEY;
    private static final String REVOKE = "PUT /api/admin/v3.0/apps/{app}/users/{user}/logout";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(LOOK_UP)
    void a_user_is_found_by_email_or_id_with_their_keys() {
        String admin = keyport.admin();
        User user = keyport.user();
        Key key = keyport.userKey(user);

        JsonNode byEmail =
                keyport.parse(expect(200, keyport.send("GET", APPS + "/users?q=" + user.email(), admin, null)));
        assertThat(byEmail.get("_id").getStringValue()).isEqualTo(user.id());
        assertThat(byEmail.get("api_keys").get(0).get("_id").getStringValue()).isEqualTo(key.id());
        JsonNode byId = keyport.parse(expect(200, keyport.send("GET", APPS + "/users?q=" + user.id(), admin, null)));
        assertThat(byId.get("email").getStringValue()).isEqualTo(user.email());
    }

    @Test
    @Covers(LOOK_UP)
    void nobody_is_not_found_and_no_query_is_a_bad_request() {
        String admin = keyport.admin();

        assertThat(keyport.refusal(404, keyport.send("GET", APPS + "/users?q=nobody@example.org", admin, null)))
                .isEqualTo("UserNotFound");
        expect(400, keyport.send("GET", APPS + "/users", admin, null));
    }

    @Test
    @Covers(DISABLE)
    void the_admin_disables_a_users_key() {
        User user = keyport.user();
        Key key = keyport.userKey(user);

        expect(
                204,
                keyport.send(
                        "PUT",
                        APPS + "/users/" + user.id() + "/api_keys/" + key.id() + "/disable",
                        keyport.admin(),
                        null));

        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);
    }

    @Test
    @Covers(DELETE)
    void the_admin_deletes_a_users_key() {
        User user = keyport.user();
        Key key = keyport.userKey(user);

        expect(
                204,
                keyport.send("DELETE", APPS + "/users/" + user.id() + "/api_keys/" + key.id(), keyport.admin(), null));

        expect(404, keyport.send("GET", CLIENT + "/auth/api_keys/" + key.id(), user.refresh(), null));
        expect(
                404,
                keyport.send("DELETE", APPS + "/users/" + user.id() + "/api_keys/" + key.id(), keyport.admin(), null));
    }

    @Test
    @Covers(END_GRACE)
    void the_admin_ends_the_grace_of_a_users_rolled_key() {
        User user = keyport.user();
        Key key = keyport.userKey(user);
        String newValue = keyport.text(
                expect(
                        200,
                        keyport.send(
                                "POST",
                                CLIENT + "/auth/api_keys/" + key.id() + "/roll",
                                user.refresh(),
                                "{\"grace_period_seconds\":3600}")),
                "key");
        assertThat(keyport.keyLogin(key.value())).isEqualTo(200);

        expect(
                204,
                keyport.send(
                        "POST",
                        APPS + "/users/" + user.id() + "/api_keys/" + key.id() + "/end_grace",
                        keyport.admin(),
                        null));

        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);
        assertThat(keyport.keyLogin(newValue)).isEqualTo(200);
    }

    @Test
    @Covers(REVOKE)
    void revoking_a_users_sessions_ends_them_but_the_user_logs_in_again() {
        User user = keyport.user();

        expect(204, keyport.send("PUT", APPS + "/users/" + user.id() + "/logout", keyport.admin(), null));

        expect(401, keyport.send("POST", CLIENT + "/auth/session", user.refresh(), null));
        expect(
                200,
                keyport.send(
                        "POST",
                        APP + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"" + user.email() + "\",\"password\":\"correct horse\"}"));
        expect(404, keyport.send("PUT", APPS + "/users/0123456789abcdef01234567/logout", keyport.admin(), null));
    }
}
