package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.domain.user.Password;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admin tokens die when their session does: on sign-out and on a password change, on every instance
 * sharing the database, over HTTP on real PostgreSQL.
 */
class AdminSessionsTest {
    private static final String ADMIN = "/api/admin/v3.0";
    private static final String PROVIDERS = ADMIN + "/apps/keyport/auth_providers";

    private static String logIn(ProtocolClient client, String password) {
        Answer login = client.post(
                ADMIN + "/auth/providers/local-userpass/login",
                null,
                "{\"username\":\"root\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.text("access_token");
    }

    private static void assertRefused(ProtocolClient client, String token) {
        Answer answer = client.get(PROVIDERS, token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("InvalidSession");
    }

    @Test
    void signing_out_ends_that_token_on_every_instance_and_no_other() {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        Map<String, String> settings =
                Map.of("keyport.admin.username", "root", "keyport.admin.password", "configured-admin-pw");
        try (KeyportTestServer one = KeyportTestServer.start(db.micronautProperties(), settings);
                KeyportTestServer two = KeyportTestServer.start(db.micronautProperties(), settings)) {
            String signedOut = logIn(one.client(), "configured-admin-pw");
            String other = logIn(one.client(), "configured-admin-pw");
            assertThat(two.client().get(PROVIDERS, signedOut).status()).isEqualTo(200);

            assertThat(one.client().delete(ADMIN + "/auth/session", signedOut).status())
                    .isEqualTo(204);

            assertRefused(one.client(), signedOut);
            assertRefused(two.client(), signedOut);
            assertThat(one.client().delete(ADMIN + "/auth/session", signedOut).status())
                    .isEqualTo(401);
            assertThat(two.client().get(PROVIDERS, other).status()).isEqualTo(200);

            Answer change = one.client()
                    .send(
                            "PUT",
                            ADMIN + "/auth/password",
                            other,
                            "{\"current_password\":\"configured-admin-pw\",\"new_password\":\"another password\"}");
            assertThat(change.status()).as(change.body()).isEqualTo(409);
            assertThat(change.errorCode()).isEqualTo("AdminPasswordConfigured");
            assertThat(two.client().get(PROVIDERS, other).status()).isEqualTo(200);

            Answer audit = one.client().get(ADMIN + "/apps/keyport/audit?limit=20", other);
            assertThat(audit.body()).contains("admin.logged_out");
        }
    }

    @Test
    void changing_the_password_ends_every_admin_token_on_every_instance() {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        Map<String, String> settings = Map.of("keyport.admin.username", "root");
        try (KeyportTestServer one = KeyportTestServer.start(db.micronautProperties(), settings);
                KeyportTestServer two = KeyportTestServer.start(db.micronautProperties(), settings)) {
            // the password generated on first start is printed once; the test sets a known one instead
            PasswordHasher hasher = one.context().getBean(PasswordHasher.class);
            one.context()
                    .getBean(DrivenPorts.class)
                    .adminAccounts()
                    .replacePassword("root", hasher.hash(Password.offered("first admin pw")), Instant.now());
            String first = logIn(one.client(), "first admin pw");
            String second = logIn(two.client(), "first admin pw");

            Answer wrong = one.client()
                    .send(
                            "PUT",
                            ADMIN + "/auth/password",
                            first,
                            "{\"current_password\":\"not it\",\"new_password\":\"second admin pw\"}");
            assertThat(wrong.status()).isEqualTo(401);
            Answer weak = one.client()
                    .send(
                            "PUT",
                            ADMIN + "/auth/password",
                            first,
                            "{\"current_password\":\"first admin pw\",\"new_password\":\"x\"}");
            assertThat(weak.status()).isEqualTo(400);
            assertThat(weak.errorCode()).isEqualTo("InvalidPassword");
            assertThat(two.client().get(PROVIDERS, second).status()).isEqualTo(200);

            Answer changed = one.client()
                    .send(
                            "PUT",
                            ADMIN + "/auth/password",
                            first,
                            "{\"current_password\":\"first admin pw\",\"new_password\":\"second admin pw\"}");
            assertThat(changed.status()).as(changed.body()).isEqualTo(204);

            for (ProtocolClient client : List.of(one.client(), two.client())) {
                assertRefused(client, first);
                assertRefused(client, second);
            }
            assertThat(one.client()
                            .post(
                                    ADMIN + "/auth/providers/local-userpass/login",
                                    null,
                                    "{\"username\":\"root\",\"password\":\"first admin pw\"}")
                            .status())
                    .isEqualTo(401);
            String fresh = logIn(two.client(), "second admin pw");
            assertThat(one.client().get(PROVIDERS, fresh).status()).isEqualTo(200);
            assertThat(one.client()
                            .get(ADMIN + "/apps/keyport/audit?limit=20", fresh)
                            .body())
                    .contains("admin.password_changed");
        }
    }

    @Test
    void guessing_the_current_password_with_a_live_token_is_throttled_like_admin_logins() {
        Map<String, String> settings = Map.of(
                "keyport.admin.username",
                "root",
                "keyport.login-throttle.enabled",
                "true",
                "keyport.login-throttle.max-failures",
                "2");
        try (KeyportTestServer server = KeyportTestServer.start(settings)) {
            PasswordHasher hasher = server.context().getBean(PasswordHasher.class);
            server.context()
                    .getBean(DrivenPorts.class)
                    .adminAccounts()
                    .replacePassword("root", hasher.hash(Password.offered("first admin pw")), Instant.now());
            String token = logIn(server.client(), "first admin pw");
            for (int i = 0; i < 2; i++) {
                assertThat(server.client()
                                .send(
                                        "PUT",
                                        ADMIN + "/auth/password",
                                        token,
                                        "{\"current_password\":\"guess-" + i
                                                + "\",\"new_password\":\"second admin pw\"}")
                                .status())
                        .isEqualTo(401);
            }
            Answer throttled = server.client()
                    .send(
                            "PUT",
                            ADMIN + "/auth/password",
                            token,
                            "{\"current_password\":\"first admin pw\",\"new_password\":\"second admin pw\"}");
            assertThat(throttled.status()).as(throttled.body()).isEqualTo(429);
            assertThat(throttled.errorCode()).isEqualTo("TooManyRequests");
        }
    }
}
