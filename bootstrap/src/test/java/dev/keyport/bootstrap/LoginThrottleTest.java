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
        server = KeyportTestServer.start(Map.of(
                "keyport.login-throttle.enabled",
                "true",
                "keyport.login-throttle.max-failures",
                "5",
                "keyport.login-throttle.window",
                "1m",
                "keyport.login-throttle.client-address-header",
                "X-Forwarded-For",
                "keyport.admin.username",
                "root",
                "keyport.admin.password",
                "admin-secret"));
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

    private HttpResponse<String> login(KeyportTestServer target, String path, String clientAddress, String body)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(target.client().baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", clientAddress)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> passwordLogin(String clientAddress, String email, String password) throws Exception {
        return login(
                LOGIN + "local-userpass/login",
                clientAddress,
                "{\"username\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void failed_password_logins_from_one_address_are_throttled_and_others_are_not() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(passwordLogin("203.0.113.1", "victim@example.org", "guess-" + i)
                            .statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = passwordLogin("203.0.113.1", "victim@example.org", "guess-6");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("\"error_code\":\"TooManyRequests\"");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 60L);
        // even the right password is refused from there while the window lasts
        assertThat(passwordLogin("203.0.113.1", "bystander@example.org", "correct horse")
                        .statusCode())
                .isEqualTo(429);
        // the victim's account is throttled too (5 failures for it), from any address
        assertThat(passwordLogin("198.51.100.7", "victim@example.org", "correct horse")
                        .statusCode())
                .isEqualTo(429);
        // another client logging in to another account is unaffected
        assertThat(passwordLogin("198.51.100.7", "bystander@example.org", "correct horse")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void failed_key_logins_from_one_address_are_throttled_and_others_are_not() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(login(LOGIN + "api-key/login", "203.0.113.50", "{\"key\":\"kpk_guess" + i + "\"}")
                            .statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled =
                login(LOGIN + "api-key/login", "203.0.113.50", "{\"key\":\"" + keyValue + "\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(login(LOGIN + "api-key/login", "203.0.113.51", "{\"key\":\"" + keyValue + "\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void successful_logins_are_never_counted() throws Exception {
        for (int i = 0; i < 12; i++) {
            assertThat(login(LOGIN + "api-key/login", "192.0.2.99", "{\"key\":\"" + keyValue + "\"}")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void failed_admin_logins_are_throttled() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(login(
                                    "/api/admin/v3.0/auth/providers/local-userpass/login",
                                    "203.0.113.77",
                                    "{\"username\":\"root\",\"password\":\"guess-" + i + "\"}")
                            .statusCode())
                    .isEqualTo(401);
        }
        assertThat(login(
                                "/api/admin/v3.0/auth/providers/local-userpass/login",
                                "203.0.113.78",
                                "{\"username\":\"root\",\"password\":\"admin-secret\"}")
                        .statusCode())
                .as("the admin account itself is throttled after 5 failures")
                .isEqualTo(429);
    }

    /**
     * Behind one proxy that appends the address it saw (the default: one trusted proxy), what the client
     * writes at the left of X-Forwarded-For is not its address: a new spoofed entry per attempt does not
     * give it a new bucket (the first entry, used before, did).
     */
    @Test
    void spoofed_forwarded_entries_do_not_escape_the_throttle() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(passwordLogin("192.0.2." + (i + 1) + ", 203.0.113.90", "spoof-target@example.org", "guess-" + i)
                            .statusCode())
                    .isEqualTo(401);
        }
        assertThat(passwordLogin("192.0.2.200, 198.51.100.1, 203.0.113.90", "victim-of-nothing@example.org", "x")
                        .statusCode())
                .as("the right-most address is the bucket, whatever comes before it")
                .isEqualTo(429);
        assertThat(passwordLogin("203.0.113.90", "victim-of-nothing@example.org", "x")
                        .statusCode())
                .isEqualTo(429);
    }

    /** Addresses in one IPv6 /64 share a bucket (one subscriber holds the whole /64); another /64 does not. */
    @Test
    void ipv6_clients_are_keyed_by_their_64() throws Exception {
        for (String address : new String[] {
            "2001:db8:1:2::1",
            "2001:db8:1:2::2",
            "2001:db8:1:2:ffff:ffff:ffff:ffff",
            "[2001:db8:1:2:1234::5]:4711",
            "2001:DB8:1:2:0:0:0:9"
        }) {
            assertThat(passwordLogin(address, "nobody-v6@example.org", "guess").statusCode())
                    .as(address)
                    .isEqualTo(401);
        }
        assertThat(passwordLogin("2001:db8:1:2:abcd::1", "someone-v6@example.org", "guess")
                        .statusCode())
                .isEqualTo(429);
        assertThat(passwordLogin("2001:db8:1:3::1", "someone-v6@example.org", "guess")
                        .statusCode())
                .as("the next /64 is another client")
                .isEqualTo(401);
    }

    /**
     * Several hops: with the proxies named by their ranges, the right-most address outside them is the client,
     * however many proxies the request passed and whatever the client wrote before; a request that does not come
     * from a trusted proxy is keyed by its own address, so a forged header gains nothing.
     */
    @Test
    void with_trusted_ranges_the_right_most_untrusted_address_is_the_client() throws Exception {
        try (KeyportTestServer proxied = KeyportTestServer.start(Map.of(
                "keyport.login-throttle.enabled",
                "true",
                "keyport.login-throttle.max-failures",
                "3",
                "keyport.login-throttle.window",
                "1m",
                "keyport.login-throttle.client-address-header",
                "X-Forwarded-For",
                "keyport.login-throttle.trusted-proxies",
                "127.0.0.0/8, ::1, 10.0.0.0/8, fd00::/8"))) {
            String path = LOGIN + "local-userpass/login";
            java.util.function.IntFunction<String> bodyFor = n -> "{\"username\":\"hops-" + n
                    + "@example.org\",\"password\":\"guess\"}"; // another account each time: only the address counts
            for (int i = 0; i < 3; i++) {
                String body = bodyFor.apply(i);
                // client 198.51.100.60 -> edge proxy 10.0.0.1 -> inner proxy fd00::7 -> Keyport (from 127.0.0.1)
                assertThat(login(proxied, path, "203.0.113." + i + ", 198.51.100.60, 10.0.0.1, fd00::7", body)
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(login(proxied, path, "198.51.100.60, 10.9.9.9", bodyFor.apply(3))
                            .statusCode())
                    .isEqualTo(429);
            assertThat(login(proxied, path, "198.51.100.60, 198.51.100.61, 10.0.0.1", bodyFor.apply(4))
                            .statusCode())
                    .as("198.51.100.61 is the last untrusted hop: another client")
                    .isEqualTo(401);
            assertThat(login(proxied, path, "10.0.0.2, 10.0.0.1", bodyFor.apply(5))
                            .statusCode())
                    .as("a chain of proxies only: its left-most address")
                    .isEqualTo(401);
        }
    }

    /**
     * Two instances on one database share the count. Per instance, the limit would allow 5 failures
     * on each (10); shared, an instance that has not yet seen the block lets one more through, so at
     * most 5 + 2 - 1 = 6 failures reach the password check.
     */
    @Test
    void the_limit_holds_across_instances() throws Exception {
        dev.keyport.adapter.persistence.TestDatabase.Coordinates db =
                dev.keyport.adapter.persistence.TestDatabase.freshDatabase();
        Map<String, String> settings = Map.of(
                "keyport.login-throttle.enabled",
                "true",
                "keyport.login-throttle.max-failures",
                "5",
                "keyport.login-throttle.window",
                "1m",
                "keyport.login-throttle.client-address-header",
                "X-Forwarded-For");
        try (KeyportTestServer one = KeyportTestServer.start(db.micronautProperties(), settings);
                KeyportTestServer two = KeyportTestServer.start(db.micronautProperties(), settings)) {
            one.client().registerAndLogIn("shared-victim@example.org");
            int refusedAsWrong = 0;
            int throttled = 0;
            for (int i = 0; i < 20; i++) {
                KeyportTestServer target = i % 2 == 0 ? one : two;
                int status = login(
                                target,
                                LOGIN + "local-userpass/login",
                                "203.0.113.200",
                                "{\"username\":\"shared-victim@example.org\",\"password\":\"guess-" + i + "\"}")
                        .statusCode();
                if (status == 401) {
                    refusedAsWrong++;
                } else if (status == 429) {
                    throttled++;
                }
            }
            assertThat(refusedAsWrong)
                    .as("failures that reached the password check")
                    .isBetween(5, 6);
            assertThat(throttled).isEqualTo(20 - refusedAsWrong);
            for (KeyportTestServer target : java.util.List.of(one, two)) {
                assertThat(login(
                                        target,
                                        LOGIN + "local-userpass/login",
                                        "198.51.100.200",
                                        "{\"username\":\"shared-victim@example.org\",\"password\":\"correct horse\"}")
                                .statusCode())
                        .as("the account is blocked on both instances")
                        .isEqualTo(429);
            }
        }
    }
}
