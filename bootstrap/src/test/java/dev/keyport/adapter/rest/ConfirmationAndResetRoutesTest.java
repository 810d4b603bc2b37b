package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APP;
import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.CLIENT;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Email confirmation and password reset (AccountController, AccountsAdminController; ADR 0022) over the real services
 * on the in-memory store, with no SMTP server: the mails wait in the outbox, and the test reads them as the admin does.
 */
class ConfirmationAndResetRoutesTest {
    private static final String USERPASS = APP + "/auth/providers/local-userpass";
    private static final String CONFIG = "PUT /api/admin/v3.0/apps/{app}/auth_providers/local-userpass/config";
    private static final String OUTGOING = "GET /api/admin/v3.0/apps/{app}/outgoing_mails";
    private static final String ADMIN_CONFIRM =
            "POST /api/admin/v3.0/apps/{app}/user_registrations/by_email/{email}/confirm";
    private static final String SEND_CONFIRM =
            "POST /api/admin/v3.0/apps/{app}/user_registrations/by_email/{email}/send_confirm";
    private static final String CONFIRM = "POST /api/client/v2.0/app/{app}/auth/providers/local-userpass/confirm";
    private static final String CONFIRM_SEND =
            "POST /api/client/v2.0/app/{app}/auth/providers/local-userpass/confirm/send";
    private static final String CONFIRM_CALL =
            "POST /api/client/v2.0/app/{app}/auth/providers/local-userpass/confirm/call";
    private static final String RESET = "POST /api/client/v2.0/app/{app}/auth/providers/local-userpass/reset";
    private static final String RESET_SEND = "POST /api/client/v2.0/app/{app}/auth/providers/local-userpass/reset/send";
    private static final String RESET_CALL = "POST /api/client/v2.0/app/{app}/auth/providers/local-userpass/reset/call";
    private static final Pattern TOKEN = Pattern.compile("token[=:] ?([0-9a-f]{64})");
    private static final Pattern TOKEN_ID = Pattern.compile("tokenId[=:] ?([0-9a-f]{24})");
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    /** The token and tokenId of the newest unsent mail to the address, waiting for the mail schedule if need be. */
    private String[] mailTo(String email, String admin) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String[] found = null;
            for (JsonNode mail : keyport.parse(
                            expect(200, keyport.send("GET", APPS + "/outgoing_mails?limit=1000", admin, null)))
                    .values()) {
                if (mail.get("to").getStringValue().equals(email)) {
                    String body = mail.get("body").getStringValue();
                    Matcher token = TOKEN.matcher(body);
                    Matcher tokenId = TOKEN_ID.matcher(body);
                    assertThat(token.find() && tokenId.find()).as(body).isTrue();
                    found = new String[] {token.group(1), tokenId.group(1)};
                }
            }
            if (found != null) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + email);
    }

    private String login(String email, String password) {
        return "{\"username\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    @Test
    @Covers({CONFIG, OUTGOING, CONFIRM, CONFIRM_SEND, ADMIN_CONFIRM, SEND_CONFIRM})
    void a_pending_registration_is_confirmed_by_its_mailed_token_or_by_the_admin() throws Exception {
        String admin = keyport.admin();
        InMemoryKeyport.User someone = keyport.user(); // registered while registrations are confirmed at once
        expect(
                200,
                keyport.send(
                        "PUT",
                        APPS + "/auth_providers/local-userpass/config",
                        admin,
                        "{\"autoConfirm\":false,\"emailConfirmationUrl\":\"https://app.example.org/confirm\"}"));
        try {
            String ann = InMemoryKeyport.unique("ann") + "@example.org";
            expect(
                    201,
                    keyport.send(
                            "POST",
                            USERPASS + "/register",
                            null,
                            "{\"email\":\"" + ann + "\",\"password\":\"first-pass\"}"));
            assertThat(keyport.refusal(401, keyport.send("POST", USERPASS + "/login", null, login(ann, "first-pass"))))
                    .isEqualTo("AuthError");
            String[] link = mailTo(ann, admin);
            assertThat(keyport.refusal(
                            400,
                            keyport.send(
                                    "POST",
                                    USERPASS + "/confirm",
                                    null,
                                    "{\"token\":\"" + "1".repeat(64) + "\",\"tokenId\":\"" + link[1] + "\"}")))
                    .isEqualTo("UserpassTokenInvalid");
            expect(
                    200,
                    keyport.send(
                            "POST",
                            USERPASS + "/confirm",
                            null,
                            "{\"token\":\"" + link[0] + "\",\"tokenId\":\"" + link[1] + "\"}"));
            expect(200, keyport.send("POST", USERPASS + "/login", null, login(ann, "first-pass")));
            expect(200, keyport.send("POST", USERPASS + "/confirm/send", null, "{\"email\":\"" + ann + "\"}"));
            expect(200, keyport.send("POST", USERPASS + "/confirm/send", null, "{\"email\":\"nobody@example.org\"}"));

            String bob = InMemoryKeyport.unique("bob") + "@example.org";
            expect(
                    201,
                    keyport.send(
                            "POST",
                            USERPASS + "/register",
                            null,
                            "{\"email\":\"" + bob + "\",\"password\":\"first-pass\"}"));
            expect(
                    204,
                    keyport.send("POST", APPS + "/user_registrations/by_email/" + bob + "/send_confirm", admin, null));
            expect(204, keyport.send("POST", APPS + "/user_registrations/by_email/" + bob + "/confirm", admin, null));
            assertThat(keyport.refusal(
                            409,
                            keyport.send(
                                    "POST", APPS + "/user_registrations/by_email/" + bob + "/confirm", admin, null)))
                    .isEqualTo("UserAlreadyConfirmed");
            assertThat(keyport.refusal(
                            404,
                            keyport.send(
                                    "POST",
                                    APPS + "/user_registrations/by_email/nobody@example.org/send_confirm",
                                    admin,
                                    null)))
                    .isEqualTo("UserNotFound");
            expect(200, keyport.send("POST", USERPASS + "/login", null, login(bob, "first-pass")));
            expect(401, keyport.send("GET", APPS + "/outgoing_mails", someone.access(), null));
        } finally {
            expect(
                    200,
                    keyport.send(
                            "PUT",
                            APPS + "/auth_providers/local-userpass/config",
                            admin,
                            "{\"autoConfirm\":true,\"emailConfirmationUrl\":null}"));
        }
    }

    @Test
    @Covers({RESET_SEND, RESET})
    void a_reset_from_the_mailed_token_ends_the_old_sessions() throws Exception {
        String admin = keyport.admin();
        InMemoryKeyport.User user = keyport.user();
        expect(200, keyport.send("POST", USERPASS + "/reset/send", null, "{\"email\":\"" + user.email() + "\"}"));
        String[] token = mailTo(user.email(), admin);
        expect(
                200,
                keyport.send(
                        "POST",
                        USERPASS + "/reset",
                        null,
                        "{\"token\":\"" + token[0] + "\",\"tokenId\":\"" + token[1]
                                + "\",\"password\":\"second-pass\"}"));
        expect(401, keyport.send("POST", CLIENT + "/auth/session", user.refresh(), null));
        expect(200, keyport.send("POST", USERPASS + "/login", null, login(user.email(), "second-pass")));
        assertThat(keyport.refusal(
                        400,
                        keyport.send(
                                "POST",
                                USERPASS + "/reset",
                                null,
                                "{\"token\":\"" + token[0] + "\",\"tokenId\":\"" + token[1]
                                        + "\",\"password\":\"third-pass\"}")))
                .isEqualTo("UserpassTokenInvalid");
    }

    @Test
    @Covers({CONFIRM_CALL, RESET_CALL})
    void the_custom_confirmation_and_reset_are_not_found_until_configured() {
        assertThat(keyport.refusal(
                        404, keyport.send("POST", USERPASS + "/confirm/call", null, "{\"email\":\"a@example.org\"}")))
                .isEqualTo("FunctionNotFound");
        assertThat(keyport.refusal(
                        404,
                        keyport.send(
                                "POST",
                                USERPASS + "/reset/call",
                                null,
                                "{\"email\":\"a@example.org\",\"password\":\"long-enough\",\"arguments\":[]}")))
                .isEqualTo("FunctionNotFound");
        assertThat(keyport.refusal(
                        400,
                        keyport.send(
                                "POST",
                                USERPASS + "/reset/call",
                                null,
                                "{\"email\":\"a@example.org\",\"password\":\"long-enough\",\"arguments\":7}")))
                .isEqualTo("InvalidParameter");
    }
}
