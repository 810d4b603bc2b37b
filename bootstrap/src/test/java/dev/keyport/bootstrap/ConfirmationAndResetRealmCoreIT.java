package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.bootstrap.RealmCoreClient.Refused;
import dev.keyport.bootstrap.RealmCoreClient.User;
import io.realm.kotlin.internal.interop.ErrorCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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
 * Email confirmation and password reset (issue 24, ADR 0022) through realm-core's own {@code EmailPasswordAuth}
 * (confirm_user, resend_confirmation_email, retry_custom_confirmation, send_reset_password_email, reset_password,
 * call_reset_password_function) against the real jar. The jar sends its mail to a real SMTP server started here
 * (GreenMail); the local-userpass settings come from an App Services app directory; the custom confirmation and reset
 * go to a signed-callback receiver on loopback (allowed by KEYPORT_WEBHOOKS_ALLOWED_NETWORKS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfirmationAndResetRealmCoreIT {
    private static final String ADMIN_PASSWORD = "realm-core-accounts-admin-password";
    private static final byte[] SECRET =
            "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private TestMailbox mailbox;
    private CallbackReceiver functions;
    private KeyportProcess server;
    private RealmCoreClient device;
    private final String email = "core-" + System.nanoTime() + "@example.org";
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        mailbox = new TestMailbox();
        functions = new CallbackReceiver(SECRET);
        Path appDir = Files.createTempDirectory("keyport-accounts-app-");
        Files.createDirectories(appDir.resolve("auth_providers"));
        Files.writeString(appDir.resolve("auth_providers/local-userpass.json"), """
                {"name": "local-userpass", "type": "local-userpass", "disabled": false,
                 "config": {"autoConfirm": false, "emailConfirmationUrl": "https://app.example.org/confirm",
                            "confirmEmailSubject": "Confirm your account", "resetPasswordUrl": "https://app.example.org/reset",
                            "resetPasswordSubject": "Reset your password", "runResetFunction": true,
                            "resetFunctionName": "resetFunc", "resetFunctionUrl": "%s"}}
                """.formatted(functions.url("/reset")));
        server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-accounts-core-"),
                        KeyportProcess.freePort(),
                        "keyport-accounts-realm-core-it.log",
                        Map.of(
                                "KEYPORT_ADMIN_PASSWORD",
                                ADMIN_PASSWORD,
                                "KEYPORT_APP_DIR",
                                appDir.toString(),
                                "KEYPORT_MAIL_SMTP_HOST",
                                "127.0.0.1",
                                "KEYPORT_MAIL_SMTP_PORT",
                                String.valueOf(mailbox.smtpPort()),
                                "KEYPORT_MAIL_SMTP_SECURITY",
                                "none",
                                "KEYPORT_MAIL_POLL_INTERVAL",
                                "200ms",
                                "KEYPORT_ACCOUNT_FUNCTIONS_SECRET",
                                Base64.getEncoder().encodeToString(SECRET),
                                "KEYPORT_WEBHOOKS_ALLOWED_NETWORKS",
                                "127.0.0.0/8"))
                .awaitHealthy();
        device = new RealmCoreClient(server.baseUrl(), "keyport", Files.createTempDirectory("realm-core-accounts-"));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        functions.close();
        mailbox.close();
    }

    @Test
    @Order(1)
    void register_then_pending_then_confirm_from_the_received_mail_then_log_in() throws Exception {
        device.register(email, "first password");
        assertRefused(() -> device.logInWithPassword(email, "first password"), ErrorCode.RLM_ERR_AUTH_ERROR);
        TestMailbox.Mail first = mailbox.await(email, 1);
        assertThat(first.subject()).isEqualTo("Confirm your account");

        device.resendConfirmationEmail(email); // within the minute: absorbed, but realm-core's call succeeds
        device.resendConfirmationEmail("nobody-" + System.nanoTime() + "@example.org"); // the same answer
        Thread.sleep(1_000);
        assertThat(mailbox.to(email))
                .as("at most one mail a minute per address")
                .hasSize(1);

        TestMailbox.Link link = first.link();
        assertThat(link.url()).isEqualTo("https://app.example.org/confirm");
        assertRefused(
                () -> device.confirmUser("0".repeat(64), link.tokenId()), ErrorCode.RLM_ERR_USERPASS_TOKEN_INVALID);
        device.confirmUser(link.token(), link.tokenId());
        assertThat(device.logInWithPassword(email, "first password").loggedIn()).isTrue();
        assertRefused(() -> device.confirmUser(link.token(), link.tokenId()), ErrorCode.RLM_ERR_USERPASS_TOKEN_INVALID);
    }

    @Test
    @Order(2)
    void forgot_password_reset_from_the_received_mail_then_the_old_session_is_refused_and_the_new_password_works()
            throws Exception {
        User old = device.logInWithPassword(email, "first password");
        device.sendResetPasswordEmail(email);
        device.sendResetPasswordEmail("nobody-" + System.nanoTime() + "@example.org");
        TestMailbox.Mail mail = mailbox.await(email, 2);
        assertThat(mail.subject()).isEqualTo("Reset your password");
        TestMailbox.Link link = mail.link();
        assertThat(link.url()).isEqualTo("https://app.example.org/reset");

        device.resetPassword("second password", link.token(), link.tokenId());
        assertRefused(() -> device.refreshAccessToken(old), ErrorCode.RLM_ERR_INVALID_SESSION);
        assertRefused(() -> newDevice().logInWithPassword(email, "first password"), ErrorCode.RLM_ERR_INVALID_PASSWORD);
        assertThat(newDevice().logInWithPassword(email, "second password").loggedIn())
                .isTrue();
        assertRefused(
                () -> device.resetPassword("third password", link.token(), link.tokenId()),
                ErrorCode.RLM_ERR_USERPASS_TOKEN_INVALID);
    }

    @Test
    @Order(3)
    void call_reset_password_function_asks_the_signed_callback_which_never_sees_the_password() throws Exception {
        functions.answer(400);
        assertRefused(
                () -> device.callResetPasswordFunction(email, "third password", "[\"please\"]"),
                ErrorCode.RLM_ERR_FUNCTION_EXECUTION_ERROR);
        assertThat(newDevice().logInWithPassword(email, "second password").loggedIn())
                .as("refused: nothing changed")
                .isTrue();

        functions.answer(200);
        device.callResetPasswordFunction(email, "third password", "[\"please\"]");
        assertThat(newDevice().logInWithPassword(email, "third password").loggedIn())
                .isTrue();
        assertThat(functions.bodies())
                .last()
                .asString()
                .contains("\"function\":\"resetFunc\"", "\"arguments\":[\"please\"]", "\"username\":\"" + email + "\"")
                .doesNotContain("third password");
        assertThat(functions.badSignatures()).isEmpty();
    }

    @Test
    @Order(4)
    void retry_custom_confirmation_confirms_once_the_callback_says_so() throws Exception {
        String admin = adminToken();
        HttpResponse<String> configured = http.send(
                HttpRequest.newBuilder(URI.create(
                                server.baseUrl() + "/api/admin/v3.0/apps/keyport/auth_providers/local-userpass/config"))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"runConfirmationFunction\":true,\"confirmationFunctionName\":"
                                        + "\"confirmFunc\",\"confirmationFunctionUrl\":\"" + functions.url("/confirm")
                                        + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(200);

        String pending = "core-pending-" + System.nanoTime() + "@example.org";
        functions.answer(202);
        device.register(pending, "pending password");
        assertRefused(() -> device.logInWithPassword(pending, "pending password"), ErrorCode.RLM_ERR_AUTH_ERROR);
        assertThat(functions.bodies()).last().asString().contains("\"type\":\"confirmation\"", "\"tokenId\":");

        functions.answer(200);
        device.retryCustomConfirmation(pending);
        assertThat(device.logInWithPassword(pending, "pending password").loggedIn())
                .isTrue();
        assertRefused(() -> device.retryCustomConfirmation(pending), ErrorCode.RLM_ERR_USER_ALREADY_CONFIRMED);
        assertThat(functions.badSignatures()).isEmpty();
    }

    private RealmCoreClient newDevice() throws Exception {
        return new RealmCoreClient(server.baseUrl(), "keyport", Files.createTempDirectory("realm-core-accounts-"));
    }

    private String adminToken() throws Exception {
        HttpResponse<String> login = server.post(
                "/api/admin/v3.0/auth/providers/local-userpass/login",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        Refused.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
