package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Email confirmation and password reset over HTTP, with a real SMTP server (GreenMail) started here: the test reads
 * each mail that arrived, follows its link's token and tokenId, and completes confirm and reset (issue 24, ADR 0022).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountFlowsTest {
    private static final String USERPASS = ProtocolClient.APP + "/auth/providers/local-userpass";
    private static final String ADMIN_APP = "/api/admin/v3.0/apps/keyport";
    private static final Pattern LINK =
            Pattern.compile("(https://app\\.example\\.org/\\S+)\\?token=([0-9a-f]{64})&tokenId=([0-9a-f]{24})");
    private final dev.keyport.adapter.persistence.TestDatabase.Coordinates database =
            dev.keyport.adapter.persistence.TestDatabase.freshDatabase();
    private GreenMail smtp;
    private KeyportTestServer server;
    private ProtocolClient client;
    private String admin;

    @BeforeAll
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        server = KeyportTestServer.start(
                database.micronautProperties(),
                Map.of(
                        "keyport.admin.username",
                        "root",
                        "keyport.admin.password",
                        "admin-secret",
                        "keyport.mail.smtp.host",
                        "127.0.0.1",
                        "keyport.mail.smtp.port",
                        String.valueOf(smtp.getSmtp().getPort()),
                        "keyport.mail.smtp.security",
                        "none",
                        "keyport.mail.from",
                        "Keyport <no-reply@example.org>",
                        "keyport.mail.poll-interval",
                        "100ms",
                        "keyport.mail.retry-base",
                        "200ms"));
        client = server.client();
        admin = client.adminToken();
        Answer configured = client.send(
                "PUT",
                ADMIN_APP + "/auth_providers/local-userpass/config",
                admin,
                "{\"autoConfirm\":false,\"emailConfirmationUrl\":\"https://app.example.org/confirm\","
                        + "\"confirmEmailSubject\":\"Welcome to the app\",\"resetPasswordUrl\":\"https://app.example.org/reset\"}");
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        assertThat(configured.json().get("config").get("autoConfirm").getBooleanValue())
                .isFalse();
    }

    @AfterAll
    void stop() {
        server.close();
        smtp.stop();
    }

    /** The newest mail to this address: its subject, and the token and tokenId of its link. */
    private String[] awaitMail(String to, int count) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mails = Arrays.stream(smtp.getReceivedMessages())
                    .filter(m -> to(m).equals(to))
                    .toList();
            if (mails.size() >= count) {
                MimeMessage mail = mails.get(count - 1);
                Matcher link = LINK.matcher(String.valueOf(mail.getContent()));
                assertThat(link.find()).as(String.valueOf(mail.getContent())).isTrue();
                return new String[] {mail.getSubject(), link.group(2), link.group(3), link.group(1)};
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail " + count + " to " + to);
    }

    private static String to(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long mailsTo(String to) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> to(m).equals(to))
                .count();
    }

    private Answer logIn(String email, String password) {
        return client.post(
                USERPASS + "/login", null, "{\"username\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void register_pending_confirm_from_the_mail_then_log_in() throws Exception {
        String email = "ann-" + System.nanoTime() + "@example.org";
        assertThat(client.post(
                                USERPASS + "/register",
                                null,
                                "{\"email\":\"" + email + "\",\"password\":\"first-pass\"}")
                        .status())
                .isEqualTo(201);
        Answer pending = logIn(email, "first-pass");
        assertThat(pending.status()).isEqualTo(401);
        assertThat(pending.errorCode()).isEqualTo("AuthError");
        assertThat(pending.text("error")).isEqualTo("confirmation required");
        assertThat(logIn(email, "wrong-pass").errorCode())
                .as("no hint without the password")
                .isEqualTo("InvalidPassword");

        String[] mail = awaitMail(email, 1);
        assertThat(mail[0]).isEqualTo("Welcome to the app");
        assertThat(mail[3]).isEqualTo("https://app.example.org/confirm");
        Answer wrong = client.post(
                USERPASS + "/confirm", null, "{\"token\":\"" + "0".repeat(64) + "\",\"tokenId\":\"" + mail[2] + "\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorCode()).isEqualTo("UserpassTokenInvalid");
        Answer confirmed = client.post(
                USERPASS + "/confirm", null, "{\"token\":\"" + mail[1] + "\",\"tokenId\":\"" + mail[2] + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(logIn(email, "first-pass").status()).isEqualTo(200);
        assertThat(client.post(
                                USERPASS + "/confirm",
                                null,
                                "{\"token\":\"" + mail[1] + "\",\"tokenId\":\"" + mail[2] + "\"}")
                        .errorCode())
                .as("used")
                .isEqualTo("UserpassTokenInvalid");
    }

    @Test
    void forgot_password_reset_from_the_mail_ends_the_old_session_and_the_new_password_works() throws Exception {
        String email = "bob-" + System.nanoTime() + "@example.org";
        client.post(USERPASS + "/register", null, "{\"email\":\"" + email + "\",\"password\":\"first-pass\"}");
        assertThat(client.post(ADMIN_APP + "/user_registrations/by_email/" + email + "/confirm", admin, null)
                        .status())
                .isEqualTo(204);
        assertThat(client.post(ADMIN_APP + "/user_registrations/by_email/" + email + "/confirm", admin, null)
                        .errorCode())
                .isEqualTo("UserAlreadyConfirmed");
        ProtocolClient.Login old =
                client.logIn("local-userpass", "{\"username\":\"" + email + "\",\"password\":\"first-pass\"}");

        String nobody = "nobody-" + System.nanoTime() + "@example.org";
        Answer forKnown = client.post(USERPASS + "/reset/send", null, "{\"email\":\"" + email + "\"}");
        Answer forUnknown = client.post(USERPASS + "/reset/send", null, "{\"email\":\"" + nobody + "\"}");
        assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(200);
        assertThat(forUnknown.body()).isEqualTo(forKnown.body());
        String[] mail = awaitMail(email, 2); // the first is the confirmation mail of the registration
        assertThat(mail[3]).isEqualTo("https://app.example.org/reset");
        assertThat(mailsTo(nobody)).isZero();

        Answer reset = client.post(
                USERPASS + "/reset",
                null,
                "{\"token\":\"" + mail[1] + "\",\"tokenId\":\"" + mail[2] + "\",\"password\":\"second-pass\"}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(client.post(ProtocolClient.CLIENT + "/auth/session", old.refreshToken(), null)
                        .status())
                .as("the old session is refused")
                .isEqualTo(401);
        assertThat(client.get(ProtocolClient.CLIENT + "/auth/profile", old.accessToken())
                        .status())
                .isEqualTo(401);
        assertThat(logIn(email, "first-pass").status()).isEqualTo(401);
        assertThat(logIn(email, "second-pass").status()).isEqualTo(200);
        Answer again = client.post(
                USERPASS + "/reset",
                null,
                "{\"token\":\"" + mail[1] + "\",\"tokenId\":\"" + mail[2] + "\",\"password\":\"third-pass\"}");
        assertThat(again.errorCode()).as("single use").isEqualTo("UserpassTokenInvalid");
    }

    private ProtocolClient.Login confirmedUser() {
        String email = "cy-" + System.nanoTime() + "@example.org";
        client.post(USERPASS + "/register", null, "{\"email\":\"" + email + "\",\"password\":\"first-pass\"}");
        client.post(ADMIN_APP + "/user_registrations/by_email/" + email + "/confirm", admin, null);
        return client.logIn("local-userpass", "{\"username\":\"" + email + "\",\"password\":\"first-pass\"}");
    }

    @Test
    void the_admin_reads_the_outbox_and_nobody_else_does() {
        Answer asUser =
                client.get(ADMIN_APP + "/outgoing_mails", confirmedUser().accessToken());
        assertThat(asUser.status()).isEqualTo(401);
        Answer asAdmin = client.get(ADMIN_APP + "/outgoing_mails?limit=5", admin);
        assertThat(asAdmin.status()).as(asAdmin.body()).isEqualTo(200);
        assertThat(client.get(ADMIN_APP + "/outgoing_mails?limit=0", admin).errorCode())
                .isEqualTo("InvalidParameter");
    }

    @Test
    void settings_that_would_inject_mail_headers_are_refused_and_change_nothing() {
        for (String bad : List.of(
                "{\"confirmEmailSubject\":\"Hi\\r\\nBcc: everyone@example.org\"}",
                "{\"resetPasswordUrl\":\"javascript:alert(1)\"}",
                "{\"autoConfirm\":\"yes\"}",
                "[]",
                "{")) {
            Answer refused = client.send("PUT", ADMIN_APP + "/auth_providers/local-userpass/config", admin, bad);
            assertThat(refused.status()).as(bad + " " + refused.body()).isEqualTo(400);
        }
        Answer providers = client.get(ADMIN_APP + "/auth_providers", admin);
        assertThat(providers.body()).contains("Welcome to the app").doesNotContain("Bcc");
    }

    @Test
    void no_mail_is_lost_while_the_smtp_server_is_down() throws Exception {
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        String email = null;
        try {
            email = "down-" + System.nanoTime() + "@example.org";
            assertThat(client.post(
                                    USERPASS + "/register",
                                    null,
                                    "{\"email\":\"" + email + "\",\"password\":\"first-pass\"}")
                            .status())
                    .isEqualTo(201);
            long deadline = System.nanoTime() + 20_000_000_000L;
            String waiting = "";
            while (System.nanoTime() < deadline && !waiting.contains("did not take the mail")) {
                Thread.sleep(100);
                waiting = client.get(ADMIN_APP + "/outgoing_mails", admin).body();
            }
            assertThat(waiting)
                    .as("kept, with the failed attempt")
                    .contains(email, "did not take the mail", "tokenId=");
            String token = waiting.replaceFirst("(?s).*token=([0-9a-f]{64})&tokenId=([0-9a-f]{24}).*", "$1");
            String tokenId = waiting.replaceFirst("(?s).*token=([0-9a-f]{64})&tokenId=([0-9a-f]{24}).*", "$2");
            assertThat(storedText("SELECT encode(sealed_body, 'escape') || recipient FROM mail_outbox"))
                    .as("the body is sealed at rest")
                    .contains(email)
                    .doesNotContain(tokenId)
                    .doesNotContain(token);
            assertThat(storedText("SELECT token_id || ' ' || token_digest FROM pending_registrations"))
                    .as("only the token's digest is stored")
                    .contains(tokenId)
                    .doesNotContain(token);
        } finally {
            smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        String[] mail = awaitMail(email, 1);
        assertThat(client.post(
                                USERPASS + "/confirm",
                                null,
                                "{\"token\":\"" + mail[1] + "\",\"tokenId\":\"" + mail[2] + "\"}")
                        .status())
                .isEqualTo(200);
        assertThat(client.get(ADMIN_APP + "/outgoing_mails", admin).body()).doesNotContain(email);
    }

    /** Every row the query returns, as text, read straight from the server's database. */
    private String storedText(String sql) throws Exception {
        try (java.sql.Connection connection = database.connect();
                java.sql.ResultSet rows = connection.createStatement().executeQuery(sql)) {
            StringBuilder text = new StringBuilder();
            while (rows.next()) {
                text.append(rows.getString(1)).append('\n');
            }
            return text.toString();
        }
    }

    @Test
    void confirm_send_answers_alike_for_every_address_and_bad_bodies_are_400() {
        Answer unknown = client.post(
                USERPASS + "/confirm/send", null, "{\"email\":\"nobody-" + System.nanoTime() + "@example.org\"}");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(client.post(USERPASS + "/confirm/send", null, "{\"email\":\"not an address\"}")
                        .status())
                .isEqualTo(400);
        assertThat(client.post(USERPASS + "/confirm", null, "{\"token\":\"x\",\"tokenId\":\"../../etc\"}")
                        .errorCode())
                .isEqualTo("UserpassTokenInvalid");
        assertThat(client.post(USERPASS + "/confirm/call", null, "{\"email\":\"a@example.org\"}")
                        .errorCode())
                .isEqualTo("FunctionNotFound");
        assertThat(client.post(
                                USERPASS + "/reset/call",
                                null,
                                "{\"email\":\"a@example.org\",\"password\":\"long-enough\"," + "\"arguments\":{}}")
                        .errorCode())
                .isEqualTo("InvalidParameter");
    }
}
