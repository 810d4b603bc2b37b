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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 24's flows through realm-core's own App client against the real jar: {@code user.delete()} (then the old
 * key and password are refused), anonymous then {@code linkCredentials(emailPassword)} then a key, linking an
 * identity that belongs to another user (realm-core's InvalidSession with App Services' message, which the Kotlin
 * SDK turns into CredentialsCannotBeLinkedException), and an admin disabling then enabling a user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountFlowsRealmCoreIT {
    private static final String ADMIN_PASSWORD = "realm-core-accounts-admin-password";
    private static final String PASSWORD = "realm core password";

    private KeyportProcess server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-realm-core-accounts-"),
                        KeyportProcess.freePort(),
                        "keyport-realm-core-accounts-it.log",
                        Map.of("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD))
                .awaitHealthy();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private RealmCoreClient newDevice() throws Exception {
        return new RealmCoreClient(server.baseUrl(), "keyport", Files.createTempDirectory("realm-core-device-"));
    }

    private static String email(String who) {
        return who + "-" + System.nanoTime() + "@example.org";
    }

    @Test
    void delete_then_the_old_key_and_password_are_refused_and_the_email_registers_again() throws Exception {
        RealmCoreClient device = newDevice();
        String email = email("deleted");
        device.register(email, PASSWORD);
        User user = device.logInWithPassword(email, PASSWORD);
        Key key = device.createKey(user, "device");
        String value = key.value().orElseThrow();
        assertThat(newDevice().logInWithApiKey(value).id()).isEqualTo(user.id());

        device.deleteUser(user);

        assertThat(user.loggedIn()).as("realm-core removed the user").isFalse();
        assertRefused(() -> newDevice().logInWithApiKey(value), ErrorCode.RLM_ERR_AUTH_ERROR);
        assertRefused(() -> newDevice().logInWithPassword(email, PASSWORD), ErrorCode.RLM_ERR_INVALID_PASSWORD);
        RealmCoreClient again = newDevice();
        again.register(email, PASSWORD);
        assertThat(again.logInWithPassword(email, PASSWORD).id()).isNotEqualTo(user.id());
    }

    @Test
    void anonymous_then_link_email_password_keeps_the_id_then_a_key_can_be_created() throws Exception {
        RealmCoreClient device = newDevice();
        User anonymous = device.logInAnonymously();
        String id = anonymous.id();
        assertThatThrownBy(() -> device.createKey(anonymous, "too-early")).isInstanceOf(Refused.class);
        String email = email("linked");
        device.register(email, PASSWORD);

        User linked = device.linkEmailPassword(anonymous, email, PASSWORD);

        assertThat(linked.id()).isEqualTo(id);
        assertThat(linked.loggedIn()).isTrue();
        assertThat(linked.identityProviders())
                .containsExactlyInAnyOrder(
                        AuthProvider.RLM_AUTH_PROVIDER_ANONYMOUS, AuthProvider.RLM_AUTH_PROVIDER_EMAIL_PASSWORD);
        Key key = device.createKey(linked, "after-link");
        assertThat(newDevice().logInWithApiKey(key.value().orElseThrow()).id()).isEqualTo(id);
        assertThat(newDevice().logInWithPassword(email, PASSWORD).id())
                .as("the email logs in as the same user")
                .isEqualTo(id);
    }

    @Test
    void linking_an_identity_that_belongs_to_another_user_is_refused_and_changes_nothing() throws Exception {
        RealmCoreClient owner = newDevice();
        String email = email("taken");
        owner.register(email, PASSWORD);
        String ownerId = owner.logInWithPassword(email, PASSWORD).id();
        RealmCoreClient device = newDevice();
        User anonymous = device.logInAnonymously();

        assertThatThrownBy(() -> device.linkEmailPassword(anonymous, email, PASSWORD))
                .isInstanceOfSatisfying(Refused.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RLM_ERR_INVALID_SESSION);
                    // realm-kotlin's UserImpl.linkCredentials looks for exactly this text to throw
                    // CredentialsCannotBeLinkedException
                    assertThat(e.getMessage()).contains("a user already exists with the specified provider.");
                });
        assertThat(anonymous.loggedIn())
                .as("the anonymous user is still logged in, as itself")
                .isTrue();
        assertThat(anonymous.identityProviders()).containsExactly(AuthProvider.RLM_AUTH_PROVIDER_ANONYMOUS);
        assertThat(newDevice().logInWithPassword(email, PASSWORD).id()).isEqualTo(ownerId);
        Key ownerKey = owner.createKey(owner.logInWithPassword(email, PASSWORD), "k");
        assertRefused(
                () -> device.linkApiKey(anonymous, ownerKey.value().orElseThrow()), ErrorCode.RLM_ERR_INVALID_SESSION);
        assertThat(anonymous.loggedIn()).isTrue();
        assertThat(anonymous.identityProviders())
                .as("the key linked nothing")
                .containsExactly(AuthProvider.RLM_AUTH_PROVIDER_ANONYMOUS);
    }

    @Test
    void an_admin_disables_a_user_then_password_and_key_are_refused_and_work_again_once_enabled() throws Exception {
        RealmCoreClient device = newDevice();
        String email = email("disabled");
        device.register(email, PASSWORD);
        User user = device.logInWithPassword(email, PASSWORD);
        String value = device.createKey(user, "device").value().orElseThrow();
        String admin = adminToken();

        assertThat(admin("PUT", "/users/" + user.id() + "/disable", admin)).isEqualTo(204);
        assertRefused(() -> newDevice().logInWithPassword(email, PASSWORD), ErrorCode.RLM_ERR_USER_DISABLED);
        assertRefused(() -> newDevice().logInWithApiKey(value), ErrorCode.RLM_ERR_AUTH_ERROR);

        assertThat(admin("PUT", "/users/" + user.id() + "/enable", admin)).isEqualTo(204);
        assertThat(newDevice().logInWithPassword(email, PASSWORD).id()).isEqualTo(user.id());
        assertThat(newDevice().logInWithApiKey(value).id()).isEqualTo(user.id());
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    // --- plain HTTP for the admin API, which is not a client SDK feature ---------------------------

    private String adminToken() throws Exception {
        HttpResponse<String> login = server.post(
                "/api/admin/v3.0/auth/providers/local-userpass/login",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        Matcher matcher =
                Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private int admin(String method, String path, String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/admin/v3.0/apps/keyport" + path))
                                .header("Authorization", "Bearer " + token)
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
