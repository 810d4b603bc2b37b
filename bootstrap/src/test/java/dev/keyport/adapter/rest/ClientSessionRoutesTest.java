package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APP;
import static dev.keyport.adapter.rest.InMemoryKeyport.CLIENT;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.User;
import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

/** The client protocol's session routes (ClientSessionsController) over the real services. */
class ClientSessionRoutesTest {
    private static final String LOCATION = "GET /api/client/v2.0/app/{app}/location";
    private static final String LOGIN = "POST /api/client/v2.0/app/{app}/auth/providers/{provider}/login";
    private static final String PROFILE = "GET /api/client/v2.0/auth/profile";
    private static final String REFRESH = "POST /api/client/v2.0/auth/session";
    private static final String LOGOUT = "DELETE /api/client/v2.0/auth/session";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(LOCATION)
    void the_location_names_this_server_for_http_and_websockets() {
        Answer location = expect(200, keyport.send("GET", APP + "/location", null, null));

        assertThat(keyport.text(location, "deployment_model")).isEqualTo("GLOBAL");
        assertThat(keyport.text(location, "hostname")).startsWith("http://");
        assertThat(keyport.text(location, "ws_hostname"))
                .isEqualTo(keyport.text(location, "hostname").replaceFirst("^http", "ws"));
    }

    @Test
    @Covers(LOCATION)
    void another_app_is_not_found() {
        assertThat(keyport.refusal(404, keyport.send("GET", CLIENT + "/app/other-app/location", null, null)))
                .isEqualTo("AppNotFound");
    }

    @Test
    @Covers({LOGIN, PROFILE})
    void a_password_login_opens_a_session_whose_profile_is_the_user() {
        User user = keyport.user();

        JsonNode profile =
                keyport.parse(expect(200, keyport.send("GET", CLIENT + "/auth/profile", user.access(), null)));

        assertThat(profile.get("user_id").getStringValue()).isEqualTo(user.id());
        assertThat(profile.get("type").getStringValue()).isEqualTo("normal");
        assertThat(profile.get("data").get("email").getStringValue()).isEqualTo(user.email());
        assertThat(profile.get("identities").get(0).get("provider_type").getStringValue())
                .isEqualTo("local-userpass");
    }

    @Test
    @Covers({LOGIN, REFRESH})
    void answers_carrying_tokens_are_never_compressed_even_when_the_client_asks() {
        // compressed answers holding a secret next to text a caller chooses are what BREACH-style attacks read
        Answer login = expect(
                200,
                keyport.send(
                        "POST",
                        APP + "/auth/providers/anon-user/login",
                        null,
                        "{}",
                        "Accept-Encoding",
                        "gzip, deflate, br, zstd"));
        assertThat(login.header("Content-Encoding")).isEmpty();
        assertThat(keyport.text(login, "access_token")).contains(".");

        Answer refreshed = expect(
                201,
                keyport.send(
                        "POST",
                        CLIENT + "/auth/session",
                        keyport.text(login, "refresh_token"),
                        null,
                        "Accept-Encoding",
                        "gzip"));
        assertThat(refreshed.header("Content-Encoding")).isEmpty();
        assertThat(keyport.text(refreshed, "access_token")).contains(".");

        // the answers above are under Micronaut's 1 KiB threshold anyway; a large one shows compression is off
        Answer large = keyport.send("GET", "/swagger/keyport.yml", null, null, "Accept-Encoding", "gzip");
        assertThat(large.status()).isEqualTo(200);
        assertThat(large.body().length()).isGreaterThan(10_000);
        assertThat(large.header("Content-Encoding")).isEmpty();
    }

    @Test
    @Covers({LOGIN, PROFILE})
    void an_anonymous_login_opens_a_session_of_a_new_user() {
        Answer login = expect(200, keyport.send("POST", APP + "/auth/providers/anon-user/login", null, "{}"));

        JsonNode profile = keyport.parse(
                expect(200, keyport.send("GET", CLIENT + "/auth/profile", keyport.text(login, "access_token"), null)));
        assertThat(profile.get("user_id").getStringValue()).isEqualTo(keyport.text(login, "user_id"));
        assertThat(profile.get("identities").get(0).get("provider_type").getStringValue())
                .isEqualTo("anon-user");
    }

    @Test
    @Covers({LOGIN, PROFILE})
    void a_key_login_shows_the_key_beside_the_owners_identity() {
        User user = keyport.user();
        InMemoryKeyport.Key key = keyport.userKey(user);

        Answer login = expect(
                200,
                keyport.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"" + key.value() + "\"}"));

        assertThat(keyport.text(login, "user_id")).isEqualTo(user.id());
        JsonNode identities = keyport.parse(expect(
                        200, keyport.send("GET", CLIENT + "/auth/profile", keyport.text(login, "access_token"), null)))
                .get("identities");
        assertThat(identities.size()).isEqualTo(2);
        assertThat(identities.get(1).get("id").getStringValue()).isEqualTo(key.id());
    }

    @Test
    @Covers(LOGIN)
    void request_shape_errors_are_answered_by_the_edge() {
        assertThat(keyport.refusal(
                        400,
                        keyport.send(
                                "POST", APP + "/auth/providers/local-userpass/login", null, "{\"username\":\"x\"}")))
                .isEqualTo("MissingParameter");
        assertThat(keyport.refusal(
                        400, keyport.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":42}")))
                .isEqualTo("InvalidParameter");
        expect(
                400,
                keyport.send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"a\"}{\"key\":\"b\"}"));
        expect(404, keyport.send("POST", APP + "/auth/providers/custom-function/login", null, "{}"));
    }

    @Test
    @Covers(LOGIN)
    void a_wrong_password_is_refused() {
        User user = keyport.user();

        assertThat(keyport.refusal(
                        401,
                        keyport.send(
                                "POST",
                                APP + "/auth/providers/local-userpass/login",
                                null,
                                "{\"username\":\"" + user.email() + "\",\"password\":\"wrong horse\"}")))
                .isEqualTo("InvalidPassword");
    }

    /** The limit is 3 failures per address or account; this client has an address of its own. */
    @Test
    @Covers(LOGIN)
    void the_login_throttle_answers_429_after_repeated_failures() {
        for (int i = 0; i < InMemoryKeyport.MAX_FAILURES; i++) {
            expect(
                    401,
                    keyport.send(
                            "POST",
                            APP + "/auth/providers/local-userpass/login",
                            null,
                            "{\"username\":\"throttled@example.org\",\"password\":\"guess-" + i + "\"}",
                            "X-Forwarded-For",
                            "203.0.113.9"));
        }
        Answer throttled = keyport.send(
                "POST",
                APP + "/auth/providers/local-userpass/login",
                null,
                "{\"username\":\"someone-else@example.org\",\"password\":\"guess\"}",
                "X-Forwarded-For",
                "203.0.113.9");
        assertThat(keyport.refusal(429, throttled)).isEqualTo("TooManyRequests");
        expect(
                401,
                keyport.send(
                        "POST",
                        APP + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"someone-else@example.org\",\"password\":\"guess\"}",
                        "X-Forwarded-For",
                        "203.0.113.10"));
    }

    @Test
    @Covers({REFRESH, PROFILE})
    void the_refresh_token_gives_a_new_access_token_and_nothing_else_does() {
        User user = keyport.user();

        String access = keyport.text(
                expect(201, keyport.send("POST", CLIENT + "/auth/session", user.refresh(), null)), "access_token");

        expect(200, keyport.send("GET", CLIENT + "/auth/profile", access, null));
        assertThat(keyport.refusal(401, keyport.send("POST", CLIENT + "/auth/session", user.access(), null)))
                .isEqualTo("InvalidSession");
        assertThat(keyport.refusal(401, keyport.send("GET", CLIENT + "/auth/profile", user.refresh(), null)))
                .isEqualTo("InvalidSession");
    }

    @Test
    @Covers({LOGOUT, REFRESH})
    void logging_out_ends_the_session_and_a_second_logout_says_what_the_client_ignores() {
        User user = keyport.user();

        expect(204, keyport.send("DELETE", CLIENT + "/auth/session", user.refresh(), null));

        expect(401, keyport.send("POST", CLIENT + "/auth/session", user.refresh(), null));
        Answer again = expect(401, keyport.send("DELETE", CLIENT + "/auth/session", user.refresh(), null));
        assertThat(keyport.text(again, "error")).isEqualTo("failed to find refresh token");
    }
}
