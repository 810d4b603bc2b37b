package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rolling keys over HTTP on PostgreSQL (issue 14): {@code POST /auth/api_keys/{id}/roll} for the owner and
 * {@code POST /apps/{app}/api_keys/{id}/roll} for server keys give a new value for the same key; the old one
 * works for the grace period asked for (at most the admin's maximum) and then, or when an admin ends the
 * grace, stops, and the sessions opened with it end with it (issue 23); the sessions of both values end with the key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRollTest {
    private static final String CLIENT = ProtocolClient.CLIENT;
    private static final String APPS = "/api/admin/v3.0/apps/keyport";
    private KeyportTestServer server;
    private ProtocolClient client;
    private String admin;

    @BeforeAll
    void start() {
        server = KeyportTestServer.start(
                Map.of("keyport.admin.username", "root", "keyport.admin.password", "admin-secret"));
        client = server.client();
        admin = client.adminToken();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Answer roll(Login owner, String keyId, String body) {
        return client.post(CLIENT + "/auth/api_keys/" + keyId + "/roll", owner.refreshToken(), body);
    }

    @Test
    void the_owner_rolls_a_key_and_both_values_work_during_the_grace_period_then_only_the_new_one() throws Exception {
        Login owner = client.registerAndLogIn("roll-" + System.nanoTime() + "@example.org");
        Answer created = client.createKey(owner.refreshToken(), "phone");
        String oldValue = created.text("key");
        Answer oldSession = client.logInWithKey(oldValue);

        Answer rolled = roll(owner, created.text("_id"), "{\"grace_period_seconds\":2}");
        assertThat(rolled.status()).as(rolled.body()).isEqualTo(200);
        assertThat(rolled.text("_id")).isEqualTo(created.text("_id"));
        assertThat(rolled.text("name")).isEqualTo("phone");
        assertThat(rolled.text("key")).startsWith("kpk_").isNotEqualTo(oldValue);
        Instant graceEnd = Instant.parse(rolled.text("previous_key_valid_until"));
        assertThat(client.get(CLIENT + "/auth/api_keys/" + created.text("_id"), owner.refreshToken())
                        .body())
                .contains("\"previous_key_valid_until\":\"" + graceEnd + "\"")
                .doesNotContain(rolled.text("key"));

        Answer newSession = client.logInWithKey(rolled.text("key"));
        assertThat(newSession.status()).isEqualTo(200);
        assertThat(client.logInWithKey(oldValue).status())
                .as("the old value in its grace")
                .isEqualTo(200);
        assertThat(client.post(CLIENT + "/auth/session", oldSession.text("refresh_token"), null)
                        .status())
                .as("a session of the old value lives during the grace")
                .isEqualTo(201);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), graceEnd).toMillis()) + 300);
        Answer refused = client.logInWithKey(oldValue);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("AuthError");
        Answer ended = client.post(CLIENT + "/auth/session", oldSession.text("refresh_token"), null);
        assertThat(ended.status())
                .as("the old value's session ends with its grace (issue 23)")
                .isEqualTo(401);
        assertThat(ended.errorCode()).isEqualTo("InvalidSession");
        assertThat(client.get(CLIENT + "/auth/api_keys", oldSession.text("refresh_token"))
                        .status())
                .isEqualTo(401);
        assertThat(client.post(CLIENT + "/auth/session", newSession.text("refresh_token"), null)
                        .status())
                .as("the new value's session lives on")
                .isEqualTo(201);

        // disabling the key ends the sessions of both values
        assertThat(client.put(CLIENT + "/auth/api_keys/" + created.text("_id") + "/disable", owner.refreshToken())
                        .status())
                .isEqualTo(204);
        assertThat(client.post(CLIENT + "/auth/session", oldSession.text("refresh_token"), null)
                        .status())
                .isEqualTo(401);
        assertThat(client.post(CLIENT + "/auth/session", newSession.text("refresh_token"), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void a_leaked_value_rolled_without_grace_keeps_no_session_and_the_owner_may_end_a_grace_early() {
        Login owner = client.registerAndLogIn("roll-leak-" + System.nanoTime() + "@example.org");
        Answer created = client.createKey(owner.refreshToken(), "leaked");
        Answer attacker = client.logInWithKey(created.text("key"));
        assertThat(attacker.status()).isEqualTo(200);

        Answer rolled = roll(owner, created.text("_id"), "{\"grace_period_seconds\":0}");
        assertThat(rolled.status()).isEqualTo(200);
        assertThat(client.post(CLIENT + "/auth/session", attacker.text("refresh_token"), null)
                        .status())
                .as("rolled with grace 0: the attacker's session ends at once")
                .isEqualTo(401);
        assertThat(client.get(CLIENT + "/auth/api_keys", attacker.text("refresh_token"))
                        .status())
                .isEqualTo(401);

        // with a grace, the owner (not only the admin) may end it early: the old value and its sessions stop now
        Answer device = client.logInWithKey(rolled.text("key"));
        Answer again = roll(owner, created.text("_id"), "{\"grace_period_seconds\":3600}");
        String endGrace = CLIENT + "/auth/api_keys/" + created.text("_id") + "/end_grace";
        Answer refusedFromKeySession = client.post(endGrace, device.text("refresh_token"), null);
        assertThat(refusedFromKeySession.status()).isEqualTo(403);
        assertThat(refusedFromKeySession.errorCode()).isEqualTo("APIKeySessionForbidden");
        assertThat(client.post(CLIENT + "/auth/session", device.text("refresh_token"), null)
                        .status())
                .as("during the grace, the previous value's session lives")
                .isEqualTo(201);
        assertThat(client.post(endGrace, owner.refreshToken(), null).status()).isEqualTo(204);
        assertThat(client.post(CLIENT + "/auth/session", device.text("refresh_token"), null)
                        .status())
                .isEqualTo(401);
        assertThat(client.logInWithKey(rolled.text("key")).status()).isEqualTo(401);
        assertThat(client.logInWithKey(again.text("key")).status()).isEqualTo(200);
        assertThat(client.post(endGrace, owner.refreshToken(), null).status())
                .as("no grace left: nothing to do")
                .isEqualTo(204);
    }

    @Test
    void bad_rolls_are_refused_in_the_protocol_s_format_and_change_nothing() {
        Login owner = client.registerAndLogIn("roll-bad-" + System.nanoTime() + "@example.org");
        Answer created = client.createKey(owner.refreshToken(), "phone");
        Map<String, String> refused = Map.of(
                "{\"grace_period_seconds\":86401}", "grace_period_seconds must be from 0 to 86400",
                "{\"grace_period_seconds\":-1}", "grace_period_seconds must be from 0 to 86400",
                "{\"grace_period_seconds\":\"60\"}", "grace_period_seconds must be a whole number",
                "{\"grace_period_seconds\":1.5}", "grace_period_seconds must be a whole number");
        refused.forEach((body, message) -> {
            Answer answer = roll(owner, created.text("_id"), body);
            assertThat(answer.status()).as(body + " " + answer.body()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("InvalidParameter");
            assertThat(answer.text("error")).startsWith(message);
        });
        assertThat(roll(owner, created.text("_id"), "{").errorCode()).isEqualTo("BadRequest");
        assertThat(client.logInWithKey(created.text("key")).status())
                .as("the value is unchanged")
                .isEqualTo(200);

        Login other = client.registerAndLogIn("roll-other-" + System.nanoTime() + "@example.org");
        assertThat(roll(other, created.text("_id"), null).status())
                .as("another user's key")
                .isEqualTo(404);
        assertThat(client.logInWithKey(created.text("key")).status()).isEqualTo(200);
        assertThat(client.post(CLIENT + "/auth/api_keys/" + created.text("_id") + "/roll", null, null)
                        .status())
                .isEqualTo(401);

        Answer immediate = roll(owner, created.text("_id"), null);
        assertThat(immediate.status()).isEqualTo(200);
        assertThat(immediate.json().get("previous_key_valid_until").isNull())
                .as("no body: no grace")
                .isTrue();
        assertThat(client.logInWithKey(created.text("key")).status()).isEqualTo(401);
    }

    @Test
    void the_admin_rolls_server_keys_ends_graces_early_and_sets_the_longest_grace() {
        assertThat(client.send("PUT", APPS + "/api_key_lifetimes", admin, "{\"max_roll_grace_hours\":48}")
                        .status())
                .isEqualTo(200);
        try {
            Answer key = client.post(APPS + "/api_keys", admin, "{\"name\":\"ci-" + System.nanoTime() + "\"}");
            Answer rolled = client.post(
                    APPS + "/api_keys/" + key.text("_id") + "/roll", admin, "{\"grace_period_seconds\":172800}");
            assertThat(rolled.status()).as(rolled.body()).isEqualTo(200);
            assertThat(rolled.text("user_id")).isEqualTo(key.text("user_id"));
            assertThat(client.logInWithKey(key.text("key")).status()).isEqualTo(200);
            assertThat(client.get(APPS + "/api_keys/" + key.text("_id"), admin).text("previous_key_valid_until"))
                    .isEqualTo(rolled.text("previous_key_valid_until"));

            assertThat(client.post(APPS + "/api_keys/" + key.text("_id") + "/end_grace", admin, null)
                            .status())
                    .isEqualTo(204);
            assertThat(client.logInWithKey(key.text("key")).status())
                    .as("the old value, grace ended")
                    .isEqualTo(401);
            assertThat(client.logInWithKey(rolled.text("key")).status()).isEqualTo(200);
            assertThat(client.get(APPS + "/api_keys/" + key.text("_id"), admin)
                            .json()
                            .get("previous_key_valid_until")
                            .isNull())
                    .isTrue();

            Login owner = client.registerAndLogIn("roll-admin-" + System.nanoTime() + "@example.org");
            Answer userKey = client.createKey(owner.refreshToken(), "laptop");
            roll(owner, userKey.text("_id"), "{\"grace_period_seconds\":600}");
            assertThat(client.logInWithKey(userKey.text("key")).status()).isEqualTo(200);
            assertThat(client.post(
                                    APPS + "/users/" + owner.userId() + "/api_keys/" + userKey.text("_id")
                                            + "/end_grace",
                                    admin,
                                    null)
                            .status())
                    .isEqualTo(204);
            assertThat(client.logInWithKey(userKey.text("key")).status()).isEqualTo(401);
            assertThat(client.get(APPS + "/audit?limit=20", admin).body())
                    .contains("key.rolled")
                    .contains("key.grace_ended");
        } finally {
            client.send("PUT", APPS + "/api_key_lifetimes", admin, "{}");
        }
    }
}
