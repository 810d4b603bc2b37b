package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.Key;
import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server API keys (ServerKeysController) over the real services. */
class ServerKeyRoutesTest {
    private static final String KEYS = "/api/admin/v3.0/apps/{app}/api_keys";
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
    void a_created_key_has_a_server_user_and_is_listed_and_read_without_its_value() {
        String admin = keyport.admin();
        String name = InMemoryKeyport.unique("billing");

        Answer created = expect(201, keyport.send("POST", APPS + "/api_keys", admin, "{\"name\":\"" + name + "\"}"));
        String id = keyport.text(created, "_id");
        assertThat(keyport.text(created, "key")).isNotBlank();
        assertThat(keyport.text(created, "user_id")).isNotBlank();

        List<String> listed = new ArrayList<>();
        keyport.parse(expect(200, keyport.send("GET", APPS + "/api_keys", admin, null)))
                .values()
                .forEach(key -> listed.add(key.get("_id").getStringValue()));
        assertThat(listed).contains(id);
        JsonNode read = keyport.parse(expect(200, keyport.send("GET", APPS + "/api_keys/" + id, admin, null)));
        assertThat(read.get("name").getStringValue()).isEqualTo(name);
        assertThat(read.get("key")).isNull();
        assertThat(keyport.keyLogin(keyport.text(created, "key"))).isEqualTo(200);
    }

    @Test
    @Covers({CREATE, GET})
    void a_name_is_used_once_and_ids_are_checked() {
        String admin = keyport.admin();
        String body = "{\"name\":\"" + InMemoryKeyport.unique("twice") + "\"}";
        expect(201, keyport.send("POST", APPS + "/api_keys", admin, body));

        assertThat(keyport.refusal(409, keyport.send("POST", APPS + "/api_keys", admin, body)))
                .isEqualTo("APIKeyAlreadyExists");
        assertThat(keyport.refusal(400, keyport.send("POST", APPS + "/api_keys", admin, "{}")))
                .isEqualTo("MissingParameter");
        assertThat(keyport.refusal(404, keyport.send("GET", APPS + "/api_keys/0123456789abcdef01234567", admin, null)))
                .isEqualTo("APIKeyNotFound");
        expect(401, keyport.send("GET", APPS + "/api_keys/0123456789abcdef01234567", null, null));
    }

    @Test
    @Covers({DISABLE, ENABLE})
    void a_disabled_key_cannot_log_in_until_enabled_again() {
        String admin = keyport.admin();
        Key key = keyport.serverKey(admin);

        expect(204, keyport.send("PUT", APPS + "/api_keys/" + key.id() + "/disable", admin, null));
        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);

        expect(204, keyport.send("PUT", APPS + "/api_keys/" + key.id() + "/enable", admin, null));
        assertThat(keyport.keyLogin(key.value())).isEqualTo(200);
    }

    @Test
    @Covers({DELETE, GET})
    void a_deleted_key_is_gone() {
        String admin = keyport.admin();
        Key key = keyport.serverKey(admin);

        expect(204, keyport.send("DELETE", APPS + "/api_keys/" + key.id(), admin, null));

        expect(404, keyport.send("GET", APPS + "/api_keys/" + key.id(), admin, null));
        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);
    }

    @Test
    @Covers({ROLL, END_GRACE})
    void a_rolled_key_has_a_new_value_and_the_old_one_works_until_its_grace_ends() {
        String admin = keyport.admin();
        Key key = keyport.serverKey(admin);

        String newValue = keyport.text(
                expect(
                        200,
                        keyport.send(
                                "POST",
                                APPS + "/api_keys/" + key.id() + "/roll",
                                admin,
                                "{\"grace_period_seconds\":3600}")),
                "key");
        assertThat(keyport.keyLogin(newValue)).isEqualTo(200);
        assertThat(keyport.keyLogin(key.value())).isEqualTo(200);

        expect(204, keyport.send("POST", APPS + "/api_keys/" + key.id() + "/end_grace", admin, null));

        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);
        assertThat(keyport.keyLogin(newValue)).isEqualTo(200);
    }

    @Test
    @Covers(ROLL)
    void a_roll_without_grace_ends_the_old_value_at_once() {
        String admin = keyport.admin();
        Key key = keyport.serverKey(admin);

        String newValue = keyport.text(
                expect(200, keyport.send("POST", APPS + "/api_keys/" + key.id() + "/roll", admin, null)), "key");

        assertThat(keyport.keyLogin(key.value())).isEqualTo(401);
        assertThat(keyport.keyLogin(newValue)).isEqualTo(200);
    }
}
