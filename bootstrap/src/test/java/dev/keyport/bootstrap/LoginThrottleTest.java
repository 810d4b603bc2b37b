package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Repeated failed logins from one client address, or for one account, are throttled with 429 and
 * Retry-After; other clients and accounts are not. Client addresses come from X-Forwarded-For here
 * (as behind a proxy), so that one test can play several clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleTest {
    private static final String LOGIN = ProtocolClient.APP + "/auth/providers/";
    private final HttpClient http = HttpClient.newHttpClient();
    private KeyportTestServer server;
    private ProtocolClient client;
    private String keyValue;

    @BeforeAll
    void start() {
        server = KeyportTestServer.start(Map.of("keyport.login-throttle.enabled", "true",
                "keyport.login-throttle.max-failures", "5", "keyport.login-throttle.window", "1m",
                "keyport.login-throttle.client-address-header", "X-Forwarded-For",
                "keyport.admin.username", "root", "keyport.admin.password", "admin-secret"));
        client = server.client();
        client.registerAndLogIn("victim@example.org");
        client.registerAndLogIn("bystander@example.org");
        ProtocolClient.Login owner = client.registerAndLogIn("key-owner@example.org");
        keyValue = client.createKey(owner.refreshToken(), "device").text("key");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<String> login(String path, String clientAddress, String body) throws Exception {
        return login(server, path, clientAddress, body);
    }

    private HttpResponse<String> login(KeyportTestServer target, String path, String clientAddress, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(target.client().baseUrl() + path))
                .header("Content-Type", "application/json").header("X-Forwarded-For", clientAddress)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> passwordLogin(String clientAddress, String email, String password) throws Exception {
        return login(LOGIN + "local-userpass/login", clientAddress,
                "{\"username\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void failed_password_logins_from_one_address_are_throttled_and_others_are_not() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(passwordLogin("203.0.113.1", "victim@example.org", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = passwordLogin("203.0.113.1", "victim@example.org", "guess-6");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("\"error_code\":\"TooManyRequests\"");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        // even the right password is refused from there while the window lasts
        assertThat(passwordLogin("203.0.113.1", "bystander@example.org", "correct horse").statusCode()).isEqualTo(429);
        // the victim's account is throttled too (5 failures for it), from any address
        assertThat(passwordLogin("198.51.100.7", "victim@example.org", "correct horse").statusCode()).isEqualTo(429);
        // another client logging in to another account is unaffected
        assertThat(passwordLogin("198.51.100.7", "bystander@example.org", "correct horse").statusCode()).isEqualTo(200);
    }

    @Test
    void failed_key_logins_from_one_address_are_throttled_and_others_are_not() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(login(LOGIN + "api-key/login", "203.0.113.50", "{\"key\":\"kpk_guess" + i + "\"}").statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = login(LOGIN + "api-key/login", "203.0.113.50", "{\"key\":\"" + keyValue + "\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(login(LOGIN + "api-key/login", "203.0.113.51", "{\"key\":\"" + keyValue + "\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void successful_logins_are_never_counted() throws Exception {
        for (int i = 0; i < 12; i++) {
            assertThat(login(LOGIN + "api-key/login", "192.0.2.99", "{\"key\":\"" + keyValue + "\"}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failed_admin_logins_are_throttled() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(login("/api/admin/v3.0/auth/providers/local-userpass/login", "203.0.113.77",
                    "{\"username\":\"root\",\"password\":\"guess-" + i + "\"}").statusCode()).isEqualTo(401);
        }
        assertThat(login("/api/admin/v3.0/auth/providers/local-userpass/login", "203.0.113.78",
                "{\"username\":\"root\",\"password\":\"admin-secret\"}").statusCode())
                .as("the admin account itself is throttled after 5 failures").isEqualTo(429);
    }

    /**
     * Two instances on one database share the count. Per instance, the limit would allow 5 failures
     * on each (10); shared, an instance that has not yet seen the block lets one more through, so at
     * most 5 + 2 - 1 = 6 failures reach the password check.
     */
    @Test
    void the_limit_holds_across_instances() throws Exception {
        dev.keyport.adapter.persistence.TestDatabase.Coordinates db = dev.keyport.adapter.persistence.TestDatabase.freshDatabase();
        Map<String, String> settings = Map.of("keyport.login-throttle.enabled", "true",
                "keyport.login-throttle.max-failures", "5", "keyport.login-throttle.window", "1m",
                "keyport.login-throttle.client-address-header", "X-Forwarded-For");
        try (KeyportTestServer one = KeyportTestServer.start(db.micronautProperties(), settings);
             KeyportTestServer two = KeyportTestServer.start(db.micronautProperties(), settings)) {
            one.client().registerAndLogIn("shared-victim@example.org");
            int refusedAsWrong = 0;
            int throttled = 0;
            for (int i = 0; i < 20; i++) {
                KeyportTestServer target = i % 2 == 0 ? one : two;
                int status = login(target, LOGIN + "local-userpass/login", "203.0.113.200",
                        "{\"username\":\"shared-victim@example.org\",\"password\":\"guess-" + i + "\"}").statusCode();
                if (status == 401) {
                    refusedAsWrong++;
                } else if (status == 429) {
                    throttled++;
                }
            }
            assertThat(refusedAsWrong).as("failures that reached the password check").isBetween(5, 6);
            assertThat(throttled).isEqualTo(20 - refusedAsWrong);
            for (KeyportTestServer target : java.util.List.of(one, two)) {
                assertThat(login(target, LOGIN + "local-userpass/login", "198.51.100.200",
                        "{\"username\":\"shared-victim@example.org\",\"password\":\"correct horse\"}").statusCode())
                        .as("the account is blocked on both instances").isEqualTo(429);
            }
        }
    }
}
