package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.bootstrap.RealmCoreClient.Key;
import dev.keyport.bootstrap.RealmCoreClient.Refused;
import dev.keyport.bootstrap.RealmCoreClient.User;
import io.realm.kotlin.internal.interop.ErrorCode;
import io.realm.kotlin.internal.interop.sync.AuthProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The realm-core client family against the real jar: every login type and every API-key operation of
 * the App Services pages, through realm-core's own App client ({@link RealmCoreClient}). realm-core
 * parses both tokens as JWTs, requires the profile's {@code data} and maps {@code error_code}s to its
 * own error codes, so this walks what realm-web alone cannot prove. One app instance is one device:
 * like the SDKs, it keeps one user object per user id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealmCoreClientIT {
    private static final String ADMIN_PASSWORD = "realm-core-it-admin-password";
    private static final Pattern HEX24 = Pattern.compile("[0-9a-f]{24}");
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private KeyportProcess server;
    private RealmCoreClient device;
    private final String email = "realm-core-" + System.nanoTime() + "@example.org";
    private final String password = "realm core password";

    @BeforeAll
    void start() throws Exception {
        server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-realm-core-"),
                        KeyportProcess.freePort(),
                        "keyport-realm-core-it.log",
                        Map.of("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD))
                .awaitHealthy();
        device = newDevice();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private RealmCoreClient newDevice() throws Exception {
        return new RealmCoreClient(server.baseUrl(), "keyport", Files.createTempDirectory("realm-core-device-"));
    }

    @Test
    @Order(1)
    void a_registered_user_logs_in_with_a_password_and_realm_core_accepts_both_tokens() {
        device.register(email, password);
        User user = device.logInWithPassword(email, password);

        assertThat(user.loggedIn()).isTrue();
        assertThat(user.id()).matches(HEX24);
        assertThat(user.deviceId()).matches(HEX24);
        assertThat(user.accessToken()).matches(JWT);
        assertThat(user.refreshToken()).matches(JWT);
        assertThat(user.profileJson()).contains(email);
        assertThat(user.identityProviders()).containsExactly(AuthProvider.RLM_AUTH_PROVIDER_EMAIL_PASSWORD);
    }

    @Test
    @Order(2)
    void the_refresh_token_gets_a_new_access_token_and_wrong_passwords_and_taken_emails_are_refused() throws Exception {
        User user = device.logInWithPassword(email, password);
        String before = user.accessToken();
        Thread.sleep(1_100); // iat and exp are whole seconds: a token minted in the same second is the same token
        device.refreshAccessToken(user);
        assertThat(user.loggedIn()).isTrue();
        assertThat(user.accessToken()).matches(JWT).isNotEqualTo(before);

        assertRefused(() -> device.logInWithPassword(email, "not the password"), ErrorCode.RLM_ERR_INVALID_PASSWORD);
        assertRefused(() -> device.register(email, password), ErrorCode.RLM_ERR_ACCOUNT_NAME_IN_USE);
        assertThat(user.loggedIn())
                .as("a refused login leaves the logged-in user alone")
                .isTrue();
    }

    @Test
    @Order(3)
    void keys_are_created_fetched_listed_disabled_enabled_and_deleted() {
        User user = device.logInWithPassword(email, password);
        Key created = device.createKey(user, "ci-key");
        assertThat(created.id()).matches(HEX24);
        assertThat(created.value()).get().asString().startsWith("kpk_");
        assertThat(created.disabled()).isFalse();

        Key fetched = device.fetchKey(user, created);
        assertThat(fetched.name()).isEqualTo("ci-key");
        assertThat(fetched.value()).as("the value is shown once").isEmpty();
        assertThat(device.fetchAllKeys(user)).extracting(Key::id).containsExactly(created.id());

        device.disableKey(user, created);
        assertThat(device.fetchKey(user, created).disabled()).isTrue();
        assertRefused(() -> newDevice().logInWithApiKey(created.value().orElseThrow()), ErrorCode.RLM_ERR_AUTH_ERROR);
        device.enableKey(user, created);
        assertThat(device.fetchKey(user, created).disabled()).isFalse();

        device.deleteKey(user, created);
        assertThat(device.fetchAllKeys(user)).isEmpty();
        assertRefused(() -> device.fetchKey(user, created), ErrorCode.RLM_ERR_API_KEY_NOT_FOUND);
        assertRefused(() -> device.enableKey(user, created), ErrorCode.RLM_ERR_API_KEY_NOT_FOUND);
        assertRefused(() -> newDevice().logInWithApiKey(created.value().orElseThrow()), ErrorCode.RLM_ERR_AUTH_ERROR);
        assertThat(user.loggedIn()).isTrue();
    }

    @Test
    @Order(4)
    void a_user_key_logs_in_as_its_owner_its_session_may_not_manage_keys_and_the_owners_disable_ends_it()
            throws Exception {
        User owner = device.logInWithPassword(email, password);
        Key key = device.createKey(owner, "device-key");

        User keyUser = device.logInWithApiKey(key.value().orElseThrow());
        assertThat(keyUser.id()).isEqualTo(owner.id());
        assertThat(keyUser.identityProviders())
                .containsExactlyInAnyOrder(
                        AuthProvider.RLM_AUTH_PROVIDER_EMAIL_PASSWORD, AuthProvider.RLM_AUTH_PROVIDER_API_KEY);
        assertThat(device.fetchAllKeys(keyUser)).extracting(Key::name).containsExactly("device-key");

        // realm-core keeps one user per id: the owner's tokens on this device are now the key session's, which
        // may read keys but not manage them (issue 23): the SDK reports Keyport's refusal and stays logged in.
        String keySessionRefreshToken = keyUser.refreshToken();
        assertRefusedWithKeyportCode(
                () -> device.disableKey(keyUser, key),
                403,
                "a session opened with an API key cannot create, roll, enable, disable or delete keys");
        assertRefusedWithKeyportCode(
                () -> device.createKey(keyUser, "minted-by-a-key"),
                403,
                "a session opened with an API key cannot create, roll, enable, disable or delete keys");
        assertThat(keyUser.loggedIn()).isTrue();
        assertThat(refreshTokenStatus(keySessionRefreshToken))
                .as("the refusal leaves the session alive")
                .isEqualTo(200);

        RealmCoreClient other = newDevice();
        User viaPassword = other.logInWithPassword(email, password);
        assertThat(other.fetchKey(viaPassword, key).disabled())
                .as("the refused disable changed nothing")
                .isFalse();
        assertThat(other.fetchAllKeys(viaPassword)).extracting(Key::name).containsExactly("device-key");
        other.disableKey(viaPassword, key);
        assertThat(refreshTokenStatus(keySessionRefreshToken))
                .as("the key's session ended with the owner's disable")
                .isEqualTo(401);
        other.deleteKey(viaPassword, key);
    }

    @Test
    @Order(5)
    void twenty_keys_fit_the_twenty_first_and_a_duplicate_name_are_refused_and_change_nothing() throws Exception {
        RealmCoreClient phone = newDevice();
        User user = phone.logInWithPassword(email, password);
        for (int i = 1; i <= 20; i++) {
            phone.createKey(user, "fill-" + i);
        }
        assertRefused(() -> phone.createKey(user, "fill-1"), ErrorCode.RLM_ERR_API_KEY_ALREADY_EXISTS);
        // Keyport's own APIKeyLimitReached: realm-core knows no such code, so the app sees
        // AppServerError with the status and Keyport's documented text.
        assertRefusedWithKeyportCode(
                () -> phone.createKey(user, "twenty-first"), 409, "at most 20 API keys are allowed");
        assertThat(phone.fetchAllKeys(user)).hasSize(20).extracting(Key::name).doesNotContain("twenty-first");
        assertThat(user.loggedIn())
                .as("a refusal on a refresh-token route never logs the user out")
                .isTrue();
    }

    @Test
    @Order(6)
    void an_anonymous_user_logs_in_but_cannot_own_keys() throws Exception {
        RealmCoreClient kiosk = newDevice();
        User anonymous = kiosk.logInAnonymously();
        assertLoggedInWithOnly(anonymous, AuthProvider.RLM_AUTH_PROVIDER_ANONYMOUS);

        assertRefusedWithKeyportCode(
                () -> kiosk.createKey(anonymous, "anonymous-key"), 403, "anonymous users cannot own API keys");
        assertThat(kiosk.fetchAllKeys(anonymous)).isEmpty();
        assertThat(anonymous.loggedIn()).isTrue();
    }

    @Test
    @Order(7)
    void another_users_keys_are_invisible_to_every_operation() throws Exception {
        RealmCoreClient ownerDevice = newDevice();
        User owner = ownerDevice.logInWithPassword(email, password);
        Key ownersKey = ownerDevice.fetchAllKeys(owner).getFirst();

        RealmCoreClient strangerDevice = newDevice();
        String strangerEmail = "stranger-" + System.nanoTime() + "@example.org";
        strangerDevice.register(strangerEmail, password);
        User stranger = strangerDevice.logInWithPassword(strangerEmail, password);

        assertThat(strangerDevice.fetchAllKeys(stranger)).isEmpty();
        for (Runnable attempt : new Runnable[] {
            () -> strangerDevice.fetchKey(stranger, ownersKey),
            () -> strangerDevice.disableKey(stranger, ownersKey),
            () -> strangerDevice.enableKey(stranger, ownersKey),
            () -> strangerDevice.deleteKey(stranger, ownersKey)
        }) {
            assertRefused(attempt::run, ErrorCode.RLM_ERR_API_KEY_NOT_FOUND);
        }
        Key untouched = ownerDevice.fetchKey(owner, ownersKey);
        assertThat(untouched.disabled()).isFalse();
    }

    @Test
    @Order(8)
    void a_server_key_logs_in_as_its_server_user_which_cannot_own_user_keys() throws Exception {
        String serverKey = createServerKey("realm-core-service");
        RealmCoreClient service = newDevice();
        User serverUser = service.logInWithApiKey(serverKey);
        assertLoggedInWithOnly(serverUser, AuthProvider.RLM_AUTH_PROVIDER_API_KEY);

        assertRefusedWithKeyportCode(
                () -> service.createKey(serverUser, "from-a-server-user"),
                403,
                "server users cannot own user API keys");
        assertThat(serverUser.loggedIn()).isTrue();
    }

    @Test
    @Order(9)
    void logging_out_revokes_the_refresh_token_on_the_server() throws Exception {
        RealmCoreClient laptop = newDevice();
        User user = laptop.logInWithPassword(email, password);
        String refreshToken = user.refreshToken();
        assertThat(refreshTokenStatus(refreshToken)).isEqualTo(200);

        laptop.logOut(user);
        assertThat(user.loggedIn()).isFalse();
        assertThat(refreshTokenStatus(refreshToken)).isEqualTo(401);
        assertThatThrownBy(() -> laptop.fetchAllKeys(user)).isInstanceOf(Refused.class);
    }

    /** realm-core took the login: the user is logged in, with an ObjectId-like id and this one identity. */
    private static void assertLoggedInWithOnly(User user, AuthProvider provider) {
        assertThat(user.loggedIn()).isTrue();
        assertThat(user.id()).matches(HEX24);
        assertThat(user.identityProviders()).containsExactly(provider);
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** One of Keyport's own error codes: realm-core knows it not, so the app sees AppServerError, the status and the text. */
    private static void assertRefusedWithKeyportCode(ThrowingCallable call, int status, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refused.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RLM_ERR_APP_SERVER_ERROR);
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.getMessage()).contains(text);
        });
    }

    // --- plain HTTP for what is not a client SDK feature: the admin API, and probing a token ------

    private final HttpClient http = HttpClient.newHttpClient();

    private int refreshTokenStatus(String refreshToken) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/client/v2.0/auth/api_keys"))
                                .header("Authorization", "Bearer " + refreshToken)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private String createServerKey(String name) throws Exception {
        HttpResponse<String> login = server.post(
                "/api/admin/v3.0/auth/providers/local-userpass/login",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/admin/v3.0/apps/keyport/api_keys"))
                        .header("Authorization", "Bearer " + field(login.body(), "access_token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return field(created.body(), "key");
    }

    private static String field(String json, String name) {
        Matcher matcher =
                Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }
}
