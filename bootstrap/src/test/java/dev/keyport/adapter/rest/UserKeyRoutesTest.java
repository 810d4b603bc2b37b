package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APP;
import static dev.keyport.adapter.rest.InMemoryKeyport.CLIENT;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.Key;
import dev.keyport.adapter.rest.InMemoryKeyport.User;
import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

/** A user's own API keys (UserKeysController) over the real services. */
class UserKeyRoutesTest {
    private static final String KEYS = "/api/client/v2.0/auth/api_keys";
    private static final String CREATE = "POST " + KEYS;
    private static final String LIST = "GET " + KEYS;
    private static final String GET = "GET " + KEYS + "/{id}";
    private static final String ENABLE = "PUT " + KEYS + "/{id}/enable";
    private static final String DISABLE = "PUT " + KEYS + "/{id}/disable";
    private static final String DELETE = "DELETE " + KEYS + "/{id}";
    private static final String ROLL = "POST " + KEYS + "/{id}/roll";
    private static final String END_GRACE = "POST " + KEYS + "/{id}/end_grace";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers({CREATE, LIST, GET})
    void a_created_key_shows_its_value_once_and_is_listed_and_read_without_it() {
        User user = keyport.user();

        Answer created =
                expect(201, keyport.send("POST", CLIENT + "/auth/api_keys", user.refresh(), "{\"name\":\"phone\"}"));
        String id = keyport.text(created, "_id");
        assertThat(keyport.text(created, "key")).isNotBlank();
        assertThat(keyport.text(created, "name")).isEqualTo("phone");

        JsonNode listed =
                keyport.parse(expect(200, keyport.send("GET", CLIENT + "/auth/api_keys", user.refresh(), null)));
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("_id").getStringValue()).isEqualTo(id);
        assertThat(listed.get(0).get("key")).isNull();
        JsonNode read =
                keyport.parse(expect(200, keyport.send("GET", CLIENT + "/auth/api_keys/" + id, user.refresh(), null)));
        assertThat(read.get("name").getStringValue()).isEqualTo("phone");
        assertThat(read.get("key")).isNull();
    }

    @Test
    @Covers(CREATE)
    void a_name_is_used_once_and_an_anonymous_user_holds_no_keys() {
        User user = keyport.user();
        expect(201, keyport.send("POST", CLIENT + "/auth/api_keys", user.refresh(), "{\"name\":\"laptop\"}"));

        assertThat(keyport.refusal(
                        409, keyport.send("POST", CLIENT + "/auth/api_keys", user.refresh(), "{\"name\":\"laptop\"}")))
                .isEqualTo("APIKeyAlreadyExists");
        String anonymous = keyport.text(
                expect(200, keyport.send("POST", APP + "/auth/providers/anon-user/login", null, "{}")),
                "refresh_token");
        assertThat(keyport.refusal(403, keyport.send("POST", CLIENT + "/auth/api_keys", anonymous, "{\"name\":\"x\"}")))
                .isEqualTo("AnonymousUserForbidden");
    }

    @Test
    @Covers({LIST, GET})
    void without_a_refresh_token_nothing_is_listed_or_read() {
        User user = keyport.user();
        Key key = keyport.userKey(user);

        expect(401, keyport.send("GET", CLIENT + "/auth/api_keys", user.access(), null));
        expect(401, keyport.send("GET", CLIENT + "/auth/api_keys/" + key.id(), null, null));
        expect(
                404,
                keyport.send(
                        "GET",
                        CLIENT + "/auth/api_keys/"
                                + keyport.userKey(keyport.user()).id(),
                        user.refresh(),
                        null));
    }

    @Test
    @Covers({DISABLE, ENABLE})
    void a_disabled_key_cannot_log_in_until_enabled_again() {
        User user = keyport.user();
        Key key = keyport.userKey(user);

        expect(204, keyport.send("PUT", CLIENT + "/auth/api_keys/" + key.id() + "/disable", user.refresh(), null));
        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);

        expect(204, keyport.send("PUT", CLIENT + "/auth/api_keys/" + key.id() + "/enable", user.refresh(), null));
        assertThat(keyport.keyLogin(key.value())).isEqualTo(200);
    }

    @Test
    @Covers({DELETE, GET})
    void a_deleted_key_is_gone() {
        User user = keyport.user();
        Key key = keyport.userKey(user);

        expect(204, keyport.send("DELETE", CLIENT + "/auth/api_keys/" + key.id(), user.refresh(), null));

        assertThat(keyport.refusal(
                        404, keyport.send("GET", CLIENT + "/auth/api_keys/" + key.id(), user.refresh(), null)))
                .isEqualTo("APIKeyNotFound");
        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);
    }

    @Test
    @Covers({ROLL, END_GRACE})
    void a_rolled_key_has_a_new_value_and_the_old_one_works_until_its_grace_ends() {
        User user = keyport.user();
        Key key = keyport.userKey(user);

        Answer rolled = expect(
                200,
                keyport.send(
                        "POST",
                        CLIENT + "/auth/api_keys/" + key.id() + "/roll",
                        user.refresh(),
                        "{\"grace_period_seconds\":3600}"));
        String newValue = keyport.text(rolled, "key");
        assertThat(newValue).isNotEqualTo(key.value());
        assertThat(keyport.text(rolled, "previous_key_valid_until")).isNotNull();
        assertThat(keyport.keyLogin(newValue)).isEqualTo(200);
        assertThat(keyport.keyLogin(key.value())).isEqualTo(200);

        expect(204, keyport.send("POST", CLIENT + "/auth/api_keys/" + key.id() + "/end_grace", user.refresh(), null));

        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);
        assertThat(keyport.keyLogin(newValue)).isEqualTo(200);
    }

    @Test
    @Covers(ROLL)
    void a_roll_with_a_malformed_grace_is_refused() {
        User user = keyport.user();
        Key key = keyport.userKey(user);

        expect(
                400,
                keyport.send(
                        "POST",
                        CLIENT + "/auth/api_keys/" + key.id() + "/roll",
                        user.refresh(),
                        "{\"grace_period_seconds\":\"soon\"}"));
        assertThat(keyport.keyLogin(key.value())).isEqualTo(200);
    }
}
