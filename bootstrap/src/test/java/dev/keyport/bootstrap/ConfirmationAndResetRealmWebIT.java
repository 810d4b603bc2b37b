package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * realm-web 2.0.1, unmodified, walks email confirmation and password reset (issue 24, ADR 0022) against the jar: the
 * jar mails through a real SMTP server started here (GreenMail), the Node script reads the mails it received over
 * HTTP, and the custom confirmation and reset go to a signed-callback receiver on loopback.
 */
class ConfirmationAndResetRealmWebIT {
    private static final Path E2E = Path.of("src/test/e2e");

    @Test
    void realm_web_confirms_and_resets_from_the_received_mails() throws Exception {
        byte[] secret = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
        String adminPassword = "realm-web-accounts-admin-password";
        try (TestMailbox mailbox = new TestMailbox();
                CallbackReceiver functions = new CallbackReceiver(secret);
                KeyportProcess server = KeyportProcess.start(
                                Files.createTempDirectory("keyport-accounts-web-"),
                                KeyportProcess.freePort(),
                                "keyport-accounts-realm-web-it.log",
                                Map.of(
                                        "KEYPORT_ADMIN_PASSWORD",
                                        adminPassword,
                                        "KEYPORT_MAIL_SMTP_HOST",
                                        "127.0.0.1",
                                        "KEYPORT_MAIL_SMTP_PORT",
                                        String.valueOf(mailbox.smtpPort()),
                                        "KEYPORT_MAIL_SMTP_SECURITY",
                                        "none",
                                        "KEYPORT_MAIL_POLL_INTERVAL",
                                        "200ms",
                                        "KEYPORT_ACCOUNT_FUNCTIONS_SECRET",
                                        Base64.getEncoder().encodeToString(secret),
                                        "KEYPORT_WEBHOOKS_ALLOWED_NETWORKS",
                                        "127.0.0.0/8"))
                        .awaitHealthy()) {
            ProcessBuilder node = new ProcessBuilder("node", "--test", "confirm-reset.test.mjs")
                    .directory(E2E.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            node.environment().put("KEYPORT_URL", server.baseUrl());
            node.environment().put("KEYPORT_ADMIN_PASSWORD", adminPassword);
            node.environment().put("MAILBOX_URL", mailbox.serveOverHttp());
            node.environment().put("FUNCTIONS_URL", functions.url(""));
            Process test = node.start();
            assertThat(test.waitFor(3, TimeUnit.MINUTES))
                    .as("node test finished in time")
                    .isTrue();
            assertThat(test.exitValue())
                    .as("confirm-reset.test.mjs (see output above)")
                    .isZero();
            assertThat(functions.badSignatures())
                    .as("every callback was signed")
                    .isEmpty();
            assertThat(functions.bodies()).isNotEmpty().noneMatch(body -> body.contains("third password"));
        }
    }
}
