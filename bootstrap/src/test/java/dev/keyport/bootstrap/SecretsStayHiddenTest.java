package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Key values, passwords, refresh tokens and access tokens never show up in the logs (all output
 * captured across a full scenario, Keyport's own loggers at DEBUG), in any later response, or in
 * clear in any table of the database.
 */
class SecretsStayHiddenTest {
    private static final String CLIENT = "/api/client/v2.0";
    private static final String APP = ProtocolClient.APP;
    private static final String ADMIN = "/api/admin/v3.0";

    @Test
    void no_secret_is_logged_returned_again_or_stored_in_clear() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger keyport = (Logger) LoggerFactory.getLogger("dev.keyport");
        Level keyportLevel = keyport.getLevel();
        Logger requests = (Logger) LoggerFactory.getLogger("keyport.request");
        Level requestsLevel = requests.getLevel();
        requests.setLevel(Level.INFO); // the JSON format's request events, on in this scenario whatever the format
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        keyport.setLevel(Level.DEBUG);
        Map<String, String> secrets = new LinkedHashMap<>();
        List<Answer> laterAnswers = new ArrayList<>();
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        try (KeyportTestServer server = KeyportTestServer.start(
                db.micronautProperties(),
                Map.of("keyport.admin.username", "root", "keyport.admin.password", "Adm1n-pass-never-logged"))) {
            ProtocolClient client = server.client();
            secrets.put("admin password", "Adm1n-pass-never-logged");
            secrets.put("user password", "correct horse"); // the password ProtocolClient registers with
            Login user = client.registerAndLogIn("secrets@example.org");
            secrets.put("user refresh token", user.refreshToken());
            secrets.put("the session secret inside the user's refresh token", sessionSecret(user.refreshToken()));
            secrets.put("user access token", user.accessToken());
            Answer key = client.createKey(user.refreshToken(), "phone");
            secrets.put("user key value", key.text("key"));
            Answer keyLogin = client.logInWithKey(key.text("key"));
            secrets.put("key session refresh token", keyLogin.text("refresh_token"));
            // A key session's refresh token carries no secret inside (ADR 0008): its signature is what vouches for it.
            secrets.put("key session access token", keyLogin.text("access_token"));
            laterAnswers.add(client.get(CLIENT + "/auth/api_keys", user.refreshToken()));
            laterAnswers.add(client.get(CLIENT + "/auth/api_keys/" + key.text("_id"), user.refreshToken()));
            laterAnswers.add(client.post(CLIENT + "/auth/session", keyLogin.text("refresh_token"), null));
            laterAnswers.add(client.get(CLIENT + "/auth/profile", keyLogin.text("access_token")));

            String wrongPassword = "wrong-password-attempt";
            secrets.put("wrong password tried", wrongPassword);
            laterAnswers.add(client.post(
                    APP + "/auth/providers/local-userpass/login",
                    null,
                    "{\"username\":\"secrets@example.org\",\"password\":\"" + wrongPassword + "\"}"));
            String unknownKey = "kpk_" + "A".repeat(43) + "000000";
            secrets.put("unknown key tried", unknownKey);
            laterAnswers.add(client.logInWithKey(unknownKey));
            laterAnswers.add(client.post(
                    ADMIN + "/auth/providers/local-userpass/login",
                    null,
                    "{\"username\":\"root\",\"password\":\"" + wrongPassword + "\"}"));
            // error answers must not echo what was offered either
            laterAnswers.add(client.createKey(user.refreshToken(), "phone")); // duplicate name: 409

            Answer admin = client.post(
                    ADMIN + "/auth/providers/local-userpass/login",
                    null,
                    "{\"username\":\"root\",\"password\":\"Adm1n-pass-never-logged\"}");
            secrets.put("admin token", admin.text("access_token"));
            Answer serverKey =
                    client.post(ADMIN + "/apps/keyport/api_keys", admin.text("access_token"), "{\"name\":\"ci\"}");
            secrets.put("server key value", serverKey.text("key"));
            Answer serverLogin = client.logInWithKey(serverKey.text("key"));
            secrets.put("server session refresh token", serverLogin.text("refresh_token"));
            laterAnswers.add(client.get(ADMIN + "/apps/keyport/api_keys", admin.text("access_token")));
            laterAnswers.add(
                    client.get(ADMIN + "/apps/keyport/api_keys/" + serverKey.text("_id"), admin.text("access_token")));
            laterAnswers.add(
                    client.get(ADMIN + "/apps/keyport/users?q=secrets@example.org", admin.text("access_token")));
            laterAnswers.add(client.get(ADMIN + "/apps/keyport/audit?limit=1000", admin.text("access_token")));

            client.put(CLIENT + "/auth/api_keys/" + key.text("_id") + "/disable", user.refreshToken());
            client.send("DELETE", CLIENT + "/auth/session", user.refreshToken(), null);
            client.delete(ADMIN + "/apps/keyport/api_keys/" + serverKey.text("_id"), admin.text("access_token"));
        } finally {
            root.detachAppender(captured);
            keyport.setLevel(keyportLevel);
            requests.setLevel(requestsLevel);
        }

        assertThat(secrets.values())
                .doesNotContainNull()
                .allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(8));
        StringBuilder logText = new StringBuilder();
        for (ILoggingEvent event : captured.list) {
            logText.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                logText.append(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                        .append('\n');
            }
        }
        assertThat(captured.list).as("the scenario was logged at all").isNotEmpty();
        // the same events as KEYPORT_LOG_FORMAT=json writes them (logback-json.xml's encoder and settings)
        String jsonText = asJsonLines(captured.list);
        assertThat(jsonText)
                .as("request events with their id and outcome")
                .contains("\"loggerName\":\"keyport.request\"")
                .contains("\"request_id\":")
                .contains("{\"outcome\":\"AuthError\"}");
        String allAnswers = laterAnswers.stream().map(Answer::body).reduce("", String::concat);
        String allRows = DatabaseDump.of(db, List.of());
        assertThat(allRows).as("the tables were read").contains("secrets@example.org");
        secrets.forEach((what, secret) -> {
            assertThat(logText.toString()).as(what + " in the logs").doesNotContain(secret);
            assertThat(jsonText)
                    .as(what + " in the JSON logs")
                    .doesNotContain(secret)
                    .doesNotContain(secret.replace("/", "\\/"));
            assertThat(allRows).as(what + " in the database").doesNotContain(secret);
            if (!what.contains("access token")) {
                assertThat(allAnswers).as(what + " in a later response").doesNotContain(secret);
            }
        });
    }

    /** The events encoded by the JSON format's encoder, configured from logback-json.xml itself. */
    private static String asJsonLines(List<ILoggingEvent> events) throws Exception {
        ch.qos.logback.classic.LoggerContext scratch = new ch.qos.logback.classic.LoggerContext();
        ch.qos.logback.classic.joran.JoranConfigurator configurator =
                new ch.qos.logback.classic.joran.JoranConfigurator();
        configurator.setContext(scratch);
        String included = new String(
                SecretsStayHiddenTest.class
                        .getResourceAsStream("/logback-json.xml")
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        configurator.doConfigure(new java.io.ByteArrayInputStream(included.replace("<included>", "<configuration>")
                .replace("</included>", "</configuration>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        @SuppressWarnings("unchecked")
        ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder = ((ch.qos.logback.core.OutputStreamAppender<
                                ILoggingEvent>)
                        scratch.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"))
                .getEncoder();
        assertThat(encoder).isInstanceOf(ch.qos.logback.classic.encoder.JsonEncoder.class);
        StringBuilder lines = new StringBuilder();
        for (ILoggingEvent event : events) {
            String line = new String(encoder.encode(event), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(line).endsWith("\n");
            assertThat(line.strip()).as("one event per line").doesNotContain("\n");
            ProtocolClient.parse(line);
            lines.append(line);
        }
        scratch.stop();
        return lines.toString();
    }

    /** The 256-bit session secret a refresh token JWT wraps (its {@code rts} claim). */
    private static String sessionSecret(String refreshToken) {
        String payload = new String(
                java.util.Base64.getUrlDecoder().decode(refreshToken.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        String secret = ProtocolClient.parse(payload).get("rts").getStringValue();
        org.assertj.core.api.Assertions.assertThat(secret).hasSize(43);
        return secret;
    }
}
