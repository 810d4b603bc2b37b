package dev.keyport.bootstrap;

import static dev.keyport.bootstrap.ProtocolClient.APP;
import static dev.keyport.bootstrap.ProtocolClient.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every route of the client protocol, success and failure, through HTTP on real PostgreSQL. */
@MicronautTest
class ClientApiTest extends KeyportServerTest {

    private static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).contains("application/json");
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.text("error")).isNotBlank();
    }

    private List<String> keyNames(String refreshToken) {
        JsonNode list = client.get(CLIENT + "/auth/api_keys", refreshToken).json();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            names.add(list.get(i).get("name").getStringValue());
        }
        return names;
    }

    // --- location and app ------------------------------------------------------------------------

    @Test
    void location_points_the_client_at_this_server() {
        Answer answer = client.get(APP + "/location", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("hostname")).isEqualTo(server.getURL().toString().replaceAll("/$", ""));
        assertThat(answer.text("ws_hostname")).startsWith("ws://");
        assertThat(answer.text("deployment_model")).isEqualTo("GLOBAL");
    }

    @Test
    void an_unknown_app_id_is_404_app_not_found() {
        assertError(client.get("/api/client/v2.0/app/other-app/location", null), 404, "AppNotFound");
        assertError(
                client.post("/api/client/v2.0/app/other-app/auth/providers/anon-user/login", null, "{}"),
                404,
                "AppNotFound");
    }

    // --- registration ----------------------------------------------------------------------------

    @Test
    void registration_succeeds_once_per_email_case_insensitively() {
        String email = uniqueEmail();
        Answer first = client.post(
                APP + "/auth/providers/local-userpass/register",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"secret1\"}");
        assertThat(first.status()).isEqualTo(201);
        assertError(
                client.post(
                        APP + "/auth/providers/local-userpass/register",
                        null,
                        "{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"secret2\"}"),
                409,
                "AccountNameInUse");
    }

    @Test
    void registration_refuses_bad_emails_passwords_and_bodies() {
        String path = APP + "/auth/providers/local-userpass/register";
        assertError(
                client.post(path, null, "{\"email\":\"not-an-email\",\"password\":\"secret1\"}"),
                400,
                "InvalidParameter");
        assertError(
                client.post(path, null, "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"12345\"}"),
                400,
                "InvalidPassword");
        assertError(
                client.post(
                        path, null, "{\"email\":\"" + uniqueEmail() + "\",\"password\":\"" + "x".repeat(129) + "\"}"),
                400,
                "InvalidPassword");
        assertError(client.post(path, null, "{\"email\":\"" + uniqueEmail() + "\"}"), 400, "MissingParameter");
        assertError(client.post(path, null, "{\"email\":42,\"password\":\"secret1\"}"), 400, "InvalidParameter");
        assertError(client.post(path, null, "{\"email\":"), 400, "BadRequest");
        assertError(client.post(path, null, "[1,2]"), 400, "BadRequest");
        assertError(client.post(path, null, null), 400, "BadRequest");
    }

    // --- logins ----------------------------------------------------------------------------------

    @Test
    void email_password_login_gives_tokens_and_a_device_id() {
        Login login = client.registerAndLogIn(uniqueEmail());
        assertThat(login.accessToken().split("\\.")).hasSize(3);
        assertThat(login.userId()).matches("[0-9a-f]{24}");
        assertThat(login.deviceId()).matches("[0-9a-f]{24}");
    }

    @Test
    void
            both_tokens_are_jwts_with_integer_exp_and_iat_as_realm_core_requires_and_the_refresh_token_lives_as_long_as_the_session() {
        Login login = client.registerAndLogIn(uniqueEmail());
        long now = Instant.now().getEpochSecond();
        JsonNode access = jwtPayload(login.accessToken());
        JsonNode refresh = jwtPayload(login.refreshToken());
        for (JsonNode payload : List.of(access, refresh)) {
            assertThat(payload.get("exp").getValue())
                    .as("integer exp in " + payload)
                    .isInstanceOfAny(Integer.class, Long.class);
            assertThat(payload.get("iat").getValue())
                    .as("integer iat in " + payload)
                    .isInstanceOfAny(Integer.class, Long.class);
            assertThat(payload.get("sub").getStringValue()).isEqualTo(login.userId());
        }
        assertThat(access.get("typ").getStringValue()).isEqualTo("access");
        assertThat(refresh.get("typ").getStringValue()).isEqualTo("refresh");
        assertThat(access.get("exp").getLongValue() - now).isBetween(29L * 60, 31L * 60);
        assertThat(refresh.get("exp").getLongValue() - now)
                .as("the session's 60 days")
                .isBetween(
                        Duration.ofDays(60).toSeconds() - 60,
                        Duration.ofDays(60).toSeconds() + 60);
    }

    private static JsonNode jwtPayload(String token) {
        String[] parts = token.split("\\.");
        assertThat(parts).as(token).hasSize(3);
        return ProtocolClient.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Test
    void a_device_id_sent_as_extended_json_is_echoed() {
        String email = uniqueEmail();
        client.registerAndLogIn(email);
        Login again = client.logIn(
                "local-userpass",
                "{\"username\":\"" + email + "\",\"password\":\"correct horse\","
                        + "\"options\":{\"device\":{\"deviceId\":{\"$oid\":\"0123456789abcdef01234567\"}}}}");
        assertThat(again.deviceId()).isEqualTo("0123456789abcdef01234567");
        assertError(
                client.post(
                        APP + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"" + email
                                + "\",\"password\":\"correct horse\",\"options\":{\"device\":{\"deviceId\":\"zz\"}}}"),
                400,
                "InvalidParameter");
    }

    @Test
    void a_wrong_password_and_an_unknown_email_get_the_same_refusal() {
        String email = uniqueEmail();
        client.registerAndLogIn(email);
        Answer wrong = client.post(
                APP + "/auth/providers/local-userpass/login",
                null,
                "{\"username\":\"" + email + "\",\"password\":\"wrong password\"}");
        Answer unknown = client.post(
                APP + "/auth/providers/local-userpass/login",
                null,
                "{\"username\":\"" + uniqueEmail() + "\",\"password\":\"wrong password\"}");
        assertError(wrong, 401, "InvalidPassword");
        assertError(unknown, 401, "InvalidPassword");
        assertThat(wrong.body()).isEqualTo(unknown.body());
    }

    @Test
    void an_unknown_provider_is_404() {
        assertError(client.post(APP + "/auth/providers/custom-jwt/login", null, "{}"), 404, "AuthProviderNotFound");
    }

    @Test
    void anonymous_login_makes_a_new_user_each_time() {
        Login first = client.logIn("anon-user", "{}");
        Login second = client.logIn("anon-user", "{}");
        assertThat(first.userId()).isNotEqualTo(second.userId());
        JsonNode profile =
                client.get(CLIENT + "/auth/profile", first.accessToken()).json();
        assertThat(profile.get("identities").size()).isEqualTo(1);
        assertThat(profile.get("identities").get(0).get("provider_type").getStringValue())
                .isEqualTo("anon-user");
        assertThat(profile.get("data"))
                .as("data is required by realm-web and realm-core, even when empty")
                .isNotNull();
        assertThat(profile.get("data").isObject() && profile.get("data").size() == 0)
                .isTrue();
    }

    // --- profile and session ---------------------------------------------------------------------

    @Test
    void the_profile_shows_the_user_identities_and_email() {
        String email = uniqueEmail();
        Login login = client.registerAndLogIn(email);
        Answer profile = client.get(CLIENT + "/auth/profile", login.accessToken());
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.text("user_id")).isEqualTo(login.userId());
        assertThat(profile.text("type")).isEqualTo("normal");
        assertThat(profile.json().get("data").get("email").getStringValue()).isEqualTo(email);
        assertThat(profile.json().get("identities").get(0).get("provider_type").getStringValue())
                .isEqualTo("local-userpass");
    }

    @Test
    void bad_tokens_on_session_routes_are_401_invalid_session() {
        Login login = client.registerAndLogIn(uniqueEmail());
        assertError(client.get(CLIENT + "/auth/profile", null), 401, "InvalidSession");
        assertError(client.get(CLIENT + "/auth/profile", "null"), 401, "InvalidSession");
        assertError(client.get(CLIENT + "/auth/profile", "garbage"), 401, "InvalidSession");
        assertError(client.get(CLIENT + "/auth/profile", login.refreshToken()), 401, "InvalidSession");
        String truncated = login.accessToken().substring(0, login.accessToken().length() - 3);
        assertError(client.get(CLIENT + "/auth/profile", truncated), 401, "InvalidSession");
        assertError(client.post(CLIENT + "/auth/session", login.accessToken(), null), 401, "InvalidSession");
        assertError(client.get(CLIENT + "/auth/api_keys", login.accessToken()), 401, "InvalidSession");
    }

    @Test
    void refresh_gives_a_new_access_token_and_logout_ends_the_session() {
        Login login = client.registerAndLogIn(uniqueEmail());
        Answer refreshed = client.post(CLIENT + "/auth/session", login.refreshToken(), null);
        assertThat(refreshed.status()).isEqualTo(201);
        assertThat(client.get(CLIENT + "/auth/profile", refreshed.text("access_token"))
                        .status())
                .isEqualTo(200);

        Answer logout = client.delete(CLIENT + "/auth/session", login.refreshToken());
        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.contentType()).isEmpty();
        assertThat(logout.body()).isEmpty();

        Answer again = client.delete(CLIENT + "/auth/session", login.refreshToken());
        assertError(again, 401, "InvalidSession");
        assertThat(again.text("error")).contains("failed to find refresh token");
        assertError(client.post(CLIENT + "/auth/session", login.refreshToken(), null), 401, "InvalidSession");
        assertError(client.get(CLIENT + "/auth/profile", login.accessToken()), 401, "InvalidSession");
    }

    // --- user API keys ---------------------------------------------------------------------------

    @Test
    void a_created_key_is_shown_once_and_then_listed_and_fetched_without_its_value() {
        Login login = client.registerAndLogIn(uniqueEmail());
        Answer created = client.createKey(login.refreshToken(), "laptop");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("key")).startsWith("kpk_").hasSize(53);
        assertThat(created.text("name")).isEqualTo("laptop");
        assertThat(created.json().get("disabled").getBooleanValue()).isFalse();
        String id = created.text("_id");

        Answer list = client.get(CLIENT + "/auth/api_keys", login.refreshToken());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(created.text("key")).doesNotContain("\"key\"");
        assertThat(keyNames(login.refreshToken())).containsExactly("laptop");

        Answer fetched = client.get(CLIENT + "/auth/api_keys/" + id, login.refreshToken());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.text("_id")).isEqualTo(id);
        assertThat(fetched.body()).doesNotContain("\"key\"");
    }

    @Test
    void key_names_are_validated_and_unique() {
        Login login = client.registerAndLogIn(uniqueEmail());
        assertThat(client.createKey(login.refreshToken(), "ci").status()).isEqualTo(201);
        assertError(client.createKey(login.refreshToken(), "ci"), 409, "APIKeyAlreadyExists");
        assertError(client.createKey(login.refreshToken(), "  "), 400, "MissingParameter");
        assertError(client.createKey(login.refreshToken(), "x".repeat(101)), 400, "InvalidParameter");
        assertError(client.createKey(login.refreshToken(), "a\\u0000b"), 400, "InvalidParameter");
        assertError(
                client.post(CLIENT + "/auth/api_keys", login.refreshToken(), "{\"name\":5}"), 400, "InvalidParameter");
        assertError(client.post(CLIENT + "/auth/api_keys", login.refreshToken(), "{}"), 400, "MissingParameter");
        assertThat(keyNames(login.refreshToken())).containsExactly("ci");
    }

    @Test
    void the_twenty_first_key_is_refused_and_not_created() {
        Login login = client.registerAndLogIn(uniqueEmail());
        for (int i = 0; i < 20; i++) {
            assertThat(client.createKey(login.refreshToken(), "key-" + i).status())
                    .isEqualTo(201);
        }
        assertError(client.createKey(login.refreshToken(), "key-20"), 409, "APIKeyLimitReached");
        assertThat(keyNames(login.refreshToken())).hasSize(20).doesNotContain("key-20");
    }

    @Test
    void anonymous_users_cannot_create_keys() {
        Login anonymous = client.logIn("anon-user", "{}");
        assertError(client.createKey(anonymous.refreshToken(), "k"), 403, "AnonymousUserForbidden");
        assertThat(keyNames(anonymous.refreshToken())).isEmpty();
    }

    @Test
    void another_users_key_answers_exactly_like_a_missing_one() {
        Login owner = client.registerAndLogIn(uniqueEmail());
        Login other = client.registerAndLogIn(uniqueEmail());
        String id = client.createKey(owner.refreshToken(), "mine").text("_id");
        String missing = "0123456789abcdef01234567";
        for (String target : List.of(id, missing)) {
            assertError(client.get(CLIENT + "/auth/api_keys/" + target, other.refreshToken()), 404, "APIKeyNotFound");
            assertError(
                    client.put(CLIENT + "/auth/api_keys/" + target + "/enable", other.refreshToken()),
                    404,
                    "APIKeyNotFound");
            assertError(
                    client.put(CLIENT + "/auth/api_keys/" + target + "/disable", other.refreshToken()),
                    404,
                    "APIKeyNotFound");
            assertError(
                    client.delete(CLIENT + "/auth/api_keys/" + target, other.refreshToken()), 404, "APIKeyNotFound");
        }
        assertThat(client.get(CLIENT + "/auth/api_keys/" + id, other.refreshToken())
                        .body())
                .isEqualTo(client.get(CLIENT + "/auth/api_keys/" + missing, other.refreshToken())
                        .body());
        assertThat(client.get(CLIENT + "/auth/api_keys/" + id, owner.refreshToken())
                        .json()
                        .get("disabled")
                        .getBooleanValue())
                .isFalse();
    }

    @Test
    void malformed_key_ids_are_400_invalid_parameter() {
        Login login = client.registerAndLogIn(uniqueEmail());
        for (String bad : List.of("abc", "0123456789ABCDEF01234567", "0123456789abcdef012345678", "%20")) {
            assertError(client.get(CLIENT + "/auth/api_keys/" + bad, login.refreshToken()), 400, "InvalidParameter");
        }
    }

    @Test
    void disabling_a_key_stops_its_login_and_enabling_restores_it() {
        Login owner = client.registerAndLogIn(uniqueEmail());
        Answer created = client.createKey(owner.refreshToken(), "device");
        String id = created.text("_id");
        String key = created.text("key");

        Answer disabled = client.put(CLIENT + "/auth/api_keys/" + id + "/disable", owner.refreshToken());
        assertThat(disabled.status()).isEqualTo(204);
        assertThat(disabled.contentType()).isEmpty();
        assertThat(client.get(CLIENT + "/auth/api_keys/" + id, owner.refreshToken())
                        .json()
                        .get("disabled")
                        .getBooleanValue())
                .isTrue();
        assertError(client.logInWithKey(key), 401, "AuthError");

        assertThat(client.put(CLIENT + "/auth/api_keys/" + id + "/enable", owner.refreshToken())
                        .status())
                .isEqualTo(204);
        Answer login = client.logInWithKey(key);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text("user_id")).isEqualTo(owner.userId());
    }

    @Test
    void a_key_login_shows_the_owner_and_an_api_key_identity() {
        Login owner = client.registerAndLogIn(uniqueEmail());
        Answer created = client.createKey(owner.refreshToken(), "service");
        Answer login = client.logInWithKey(created.text("key"));
        JsonNode profile =
                client.get(CLIENT + "/auth/profile", login.text("access_token")).json();
        assertThat(profile.get("user_id").getStringValue()).isEqualTo(owner.userId());
        JsonNode identities = profile.get("identities");
        List<String> types = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            types.add(identities.get(i).get("provider_type").getStringValue());
        }
        assertThat(types).containsExactly("local-userpass", "api-key");
    }

    @Test
    void a_deleted_an_unknown_and_a_mistyped_key_all_get_the_same_refusal() {
        Login owner = client.registerAndLogIn(uniqueEmail());
        Answer created = client.createKey(owner.refreshToken(), "temp");
        String key = created.text("key");
        Answer deleted = client.delete(CLIENT + "/auth/api_keys/" + created.text("_id"), owner.refreshToken());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.contentType()).isEmpty();
        Answer afterDelete = client.logInWithKey(key);
        assertError(afterDelete, 401, "AuthError");
        String typo = key.substring(0, 10) + (key.charAt(10) == 'a' ? 'b' : 'a') + key.substring(11);
        assertThat(client.logInWithKey(typo).body()).isEqualTo(afterDelete.body());
        assertThat(client.logInWithKey("not a key").body()).isEqualTo(afterDelete.body());
        assertError(client.post(APP + "/auth/providers/api-key/login", null, "{}"), 400, "MissingParameter");
        assertError(
                client.get(CLIENT + "/auth/api_keys/" + created.text("_id"), owner.refreshToken()),
                404,
                "APIKeyNotFound");
    }

    @Test
    void disabling_or_deleting_a_key_revokes_the_sessions_opened_with_it() {
        Login owner = client.registerAndLogIn(uniqueEmail());
        Answer first = client.createKey(owner.refreshToken(), "one");
        Answer second = client.createKey(owner.refreshToken(), "two");
        Answer viaFirst = client.logInWithKey(first.text("key"));
        Answer viaSecond = client.logInWithKey(second.text("key"));
        assertThat(client.post(CLIENT + "/auth/session", viaFirst.text("refresh_token"), null)
                        .status())
                .isEqualTo(201);

        client.put(CLIENT + "/auth/api_keys/" + first.text("_id") + "/disable", owner.refreshToken());
        assertError(client.post(CLIENT + "/auth/session", viaFirst.text("refresh_token"), null), 401, "InvalidSession");
        assertError(client.get(CLIENT + "/auth/profile", viaFirst.text("access_token")), 401, "InvalidSession");

        client.delete(CLIENT + "/auth/api_keys/" + second.text("_id"), owner.refreshToken());
        assertError(
                client.post(CLIENT + "/auth/session", viaSecond.text("refresh_token"), null), 401, "InvalidSession");

        // the owner's own session is untouched
        assertThat(client.post(CLIENT + "/auth/session", owner.refreshToken(), null)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void a_session_opened_with_a_key_may_read_keys_but_not_manage_them() {
        Login owner = client.registerAndLogIn(uniqueEmail());
        Answer created = client.createKey(owner.refreshToken(), "self");
        Answer other = client.createKey(owner.refreshToken(), "other");
        String key = CLIENT + "/auth/api_keys/" + created.text("_id");
        String otherKey = CLIENT + "/auth/api_keys/" + other.text("_id");
        String keySession = client.logInWithKey(created.text("key")).text("refresh_token");

        assertThat(client.get(CLIENT + "/auth/api_keys", keySession).status()).isEqualTo(200);
        assertThat(client.get(key, keySession).status()).isEqualTo(200);
        for (Answer refused : List.of(
                client.post(CLIENT + "/auth/api_keys", keySession, "{\"name\":\"minted\"}"),
                client.put(key + "/disable", keySession),
                client.put(otherKey + "/disable", keySession),
                client.put(otherKey + "/enable", keySession),
                client.delete(key, keySession),
                client.delete(otherKey, keySession),
                client.post(otherKey + "/roll", keySession, "{\"grace_period_seconds\":0}"),
                client.post(otherKey + "/end_grace", keySession, null))) {
            assertError(refused, 403, "APIKeySessionForbidden");
        }
        assertThat(client.get(CLIENT + "/auth/api_keys", owner.refreshToken()).body())
                .as("nothing changed")
                .contains("\"name\":\"self\"")
                .contains("\"name\":\"other\"")
                .doesNotContain("minted")
                .doesNotContain("\"disabled\":true");
        assertThat(client.logInWithKey(other.text("key")).status())
                .as("the other key's value is unchanged")
                .isEqualTo(200);
        assertThat(client.post(CLIENT + "/auth/session", keySession, null).status())
                .as("the refusals end nothing")
                .isEqualTo(201);

        assertThat(client.put(key + "/disable", owner.refreshToken()).status()).isEqualTo(204);
        assertError(client.post(CLIENT + "/auth/session", keySession, null), 401, "InvalidSession");
    }

    @Test
    void thirty_concurrent_creates_for_one_user_leave_exactly_twenty_keys() throws Exception {
        Login login = client.registerAndLogIn(uniqueEmail());
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String name = "race-" + i;
            answers.add(pool.submit(() -> {
                start.await();
                return client.createKey(login.refreshToken(), name);
            }));
        }
        start.countDown();
        int created = 0;
        int refused = 0;
        for (Future<Answer> answer : answers) {
            Answer a = answer.get();
            if (a.status() == 201) {
                created++;
            } else {
                assertError(a, 409, "APIKeyLimitReached");
                refused++;
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(20);
        assertThat(refused).isEqualTo(10);
        assertThat(keyNames(login.refreshToken())).hasSize(20);
    }

    // --- the framework's own errors in the protocol's format ---------------------------------------

    @Test
    void unknown_routes_wrong_methods_and_content_types_answer_in_the_protocol_format() {
        assertError(client.get(CLIENT + "/no/such/route", null), 404, "ResourceNotFound");
        assertError(client.send("PATCH", CLIENT + "/auth/api_keys", null, null), 405, "MethodNotAllowed");
        assertError(
                client.send("POST", APP + "/auth/providers/anon-user/login", null, "x=1", "text/plain"),
                415,
                "UnsupportedMediaType");
        Answer notFound = client.get(CLIENT + "/no/such/route", null);
        assertThat(notFound.contentType()).contains("application/json");
        assertThat(notFound.body()).doesNotContainIgnoringCase("micronaut").doesNotContain("_links");
    }
}
