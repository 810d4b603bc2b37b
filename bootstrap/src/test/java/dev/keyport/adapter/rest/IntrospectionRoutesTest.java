package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.Key;
import dev.keyport.adapter.rest.InMemoryKeyport.User;
import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection of API keys (IntrospectionController) over the real services. */
class IntrospectionRoutesTest {
    private static final String INTROSPECT = "POST /api/client/v2.0/auth/introspect";
    private static final String PATH = "/api/client/v2.0/auth/introspect";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(INTROSPECT)
    void a_server_key_learns_whose_an_active_key_is() {
        Key caller = keyport.serverKey(keyport.admin());
        User user = keyport.user();
        Key key = keyport.userKey(user);

        Answer answer = expect(
                200,
                keyport.edge.sendAs(
                        "application/x-www-form-urlencoded", "POST", PATH, caller.value(), "token=" + key.value()));

        JsonNode active = keyport.parse(answer);
        assertThat(active.get("active").getBooleanValue()).isTrue();
        assertThat(active.get("sub").getStringValue()).isEqualTo(user.id());
        assertThat(active.get("key_id").getStringValue()).isEqualTo(key.id());
        assertThat(active.get("user_type").getStringValue()).isEqualTo("normal");
    }

    @Test
    @Covers(INTROSPECT)
    void an_unknown_token_is_inactive_and_says_nothing_more() {
        Key caller = keyport.serverKey(keyport.admin());

        Answer answer = expect(200, keyport.send("POST", PATH, caller.value(), "{\"token\":\"not-a-key\"}"));

        assertThat(answer.body()).isEqualTo("{\"active\":false}");
    }

    @Test
    @Covers(INTROSPECT)
    void a_caller_that_is_not_a_server_key_is_refused() {
        User user = keyport.user();
        Key userKey = keyport.userKey(user);

        assertThat(keyport.refusal(
                        401, keyport.send("POST", PATH, userKey.value(), "{\"token\":\"" + userKey.value() + "\"}")))
                .isEqualTo("AuthError");
        assertThat(keyport.refusal(
                        400,
                        keyport.send(
                                "POST", PATH, keyport.serverKey(keyport.admin()).value(), "{}")))
                .isEqualTo("MissingParameter");
    }
}
