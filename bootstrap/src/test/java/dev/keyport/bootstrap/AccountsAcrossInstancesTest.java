package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 24 on two Keyport instances sharing one PostgreSQL: deleting or disabling a user refuses their keys at
 * once on the instance that answered and within the revocation bound on the other, whose key view held the key
 * (the V13 triggers carry the change: deletion cascades to api_keys, disabling moves each key's generation on);
 * their key sessions end there too; a disabled user's key introspects inactive; enabling lets the key log in again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsAcrossInstancesTest {
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(1);
    private static final String USERS = "/api/admin/v3.0/apps/keyport/users/";
    private static final String SESSION = ProtocolClient.CLIENT + "/auth/session";

    private TestDatabase.Coordinates db;
    private KeyportTestServer first;
    private KeyportTestServer second;
    private ProtocolClient here;
    private ProtocolClient there;
    private String admin;
    private String serverKey;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.freshDatabase();
        first = server();
        second = server();
        here = first.client();
        there = second.client();
        admin = here.adminToken();
        serverKey = here.post("/api/admin/v3.0/apps/keyport/api_keys", admin, "{\"name\":\"introspector\"}")
                .text("key");
    }

    private KeyportTestServer server() {
        Map<String, String> settings = new HashMap<>();
        settings.put("keyport.admin.username", "root");
        settings.put("keyport.admin.password", "admin-secret");
        return KeyportTestServer.start(db.micronautProperties(), settings);
    }

    @AfterAll
    void stop() {
        second.close();
        first.close();
    }

    private record Owner(Login login, String key) {}

    /** A user with a key, whose key both instances have just logged in with (so both views hold it). */
    private Owner ownerWithKeyKnownEverywhere() {
        Login owner = here.registerAndLogIn("owner-" + System.nanoTime() + "@example.org");
        Answer created = here.createKey(owner.refreshToken(), "device");
        assertThat(created.status()).isEqualTo(201);
        String key = created.text("key");
        assertThat(here.logInWithKey(key).status()).isEqualTo(200);
        assertThat(there.logInWithKey(key).status()).isEqualTo(200);
        return new Owner(owner, key);
    }

    /** Polls until {@code refused} holds and returns how long it took; fails past the bound. */
    private static Duration within(Supplier<Boolean> refused, String what) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + REVOCATION_BOUND.toNanos() * 3; // look longer, to report the real delay
        while (System.nanoTime() < deadline) {
            if (refused.get()) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took)
                        .as(what + " on the other instance within the bound")
                        .isLessThan(REVOCATION_BOUND);
                return took;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(what + ": still accepted " + REVOCATION_BOUND.multipliedBy(3) + " later");
    }

    private boolean introspectsActive(ProtocolClient client, String key) {
        Answer answer = client.send(
                "POST",
                "/api/client/v2.0/auth/introspect",
                serverKey,
                "token=" + URLEncoder.encode(key, StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("active").getBooleanValue();
    }

    @Test
    void a_deleted_users_key_stops_at_once_here_and_within_the_bound_there() throws Exception {
        Owner owner = ownerWithKeyKnownEverywhere();
        Login keySession = there.logIn("api-key", "{\"key\":\"" + owner.key() + "\"}");

        assertThat(here.delete(
                                ProtocolClient.CLIENT + "/auth/delete",
                                owner.login().accessToken())
                        .status())
                .isEqualTo(204);

        assertThat(here.logInWithKey(owner.key()).status()).as("at once, here").isEqualTo(401);
        within(() -> there.logInWithKey(owner.key()).status() == 401, "the key login");
        within(() -> there.post(SESSION, keySession.refreshToken(), null).status() == 401, "the key session");
        assertThat(db.count("SELECT count(*) FROM users WHERE id = '"
                        + owner.login().userId() + "'"))
                .isZero();
        assertThat(db.count("SELECT count(*) FROM identities WHERE user_id = '"
                        + owner.login().userId() + "'"))
                .isZero();
    }

    @Test
    void a_disabled_users_key_is_refused_and_inactive_everywhere_and_works_again_once_enabled() throws Exception {
        Owner owner = ownerWithKeyKnownEverywhere();
        Login keySession = there.logIn("api-key", "{\"key\":\"" + owner.key() + "\"}");
        assertThat(introspectsActive(there, owner.key())).isTrue();

        assertThat(here.put(USERS + owner.login().userId() + "/disable", admin).status())
                .isEqualTo(204);

        assertThat(here.logInWithKey(owner.key()).status()).as("at once, here").isEqualTo(401);
        assertThat(introspectsActive(here, owner.key())).isFalse();
        within(() -> there.logInWithKey(owner.key()).status() == 401, "the key login");
        within(() -> !introspectsActive(there, owner.key()), "the introspection");
        assertThat(there.post(SESSION, keySession.refreshToken(), null).status())
                .isEqualTo(401);
        assertThat(there.post(SESSION, owner.login().refreshToken(), null).status())
                .isEqualTo(401);

        assertThat(here.put(USERS + owner.login().userId() + "/enable", admin).status())
                .isEqualTo(204);
        within(() -> there.logInWithKey(owner.key()).status() == 200, "the key login after enabling");
        assertThat(here.logInWithKey(owner.key()).status()).isEqualTo(200);
        assertThat(there.post(SESSION, keySession.refreshToken(), null).status())
                .as("ended stays ended")
                .isEqualTo(401);
    }
}
