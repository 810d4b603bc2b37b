package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * "Nothing answered is lost, a crash included", with a real crash: a Keyport instance runs as its
 * own process on a real PostgreSQL, serves logins, a disable and a logout, and is killed with
 * SIGKILL the moment the last answer arrives (no shutdown hook runs, nothing is flushed). Another
 * instance then honours every session the dead one handed out and every revocation it answered, and
 * the audit records of the changes it answered are there.
 */
class KilledInstanceTest {
    private static final String SESSION = ProtocolClient.CLIENT + "/auth/session";
    private static final String KEYS = ProtocolClient.CLIENT + "/auth/api_keys";

    @Test
    void sessions_and_revocations_answered_by_an_instance_killed_with_sigkill_hold_on_the_next() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        Login password;
        Login viaKept;
        Login viaDisabled;
        Login loggedOut;
        String disabledKey;
        String keptKey;
        Started started = startProcess(db);
        Process doomed = started.process();
        try {
            ProtocolClient dying = awaitUp(started);
            password = dying.registerAndLogIn("crash@example.org");
            Answer kept = dying.createKey(password.refreshToken(), "kept");
            Answer disabled = dying.createKey(password.refreshToken(), "disabled");
            keptKey = kept.text("key");
            disabledKey = disabled.text("key");
            viaKept = dying.logIn("api-key", "{\"key\":\"" + keptKey + "\"}");
            viaDisabled = dying.logIn("api-key", "{\"key\":\"" + disabledKey + "\"}");
            loggedOut = dying.logIn("api-key", "{\"key\":\"" + keptKey + "\"}");
            assertThat(dying.post(SESSION, viaKept.refreshToken(), null).status())
                    .isEqualTo(201);
            assertThat(dying.put(KEYS + "/" + disabled.text("_id") + "/disable", password.refreshToken())
                            .status())
                    .isEqualTo(204);
            assertThat(dying.delete(SESSION, loggedOut.refreshToken()).status()).isEqualTo(204);
        } finally {
            doomed.destroyForcibly(); // SIGKILL, right after the last answer
            assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(doomed.exitValue()).as("killed, not stopped").isEqualTo(137);

        try (KeyportTestServer next = KeyportTestServer.start(db.micronautProperties(), Map.of())) {
            ProtocolClient client = next.client();
            assertThat(client.post(SESSION, password.refreshToken(), null).status())
                    .as("password session")
                    .isEqualTo(201);
            assertThat(client.post(SESSION, viaKept.refreshToken(), null).status())
                    .as("key session")
                    .isEqualTo(201);
            assertThat(client.get(KEYS, password.refreshToken()).status()).isEqualTo(200);
            assertThat(client.logInWithKey(keptKey).status()).isEqualTo(200);

            assertThat(client.post(SESSION, viaDisabled.refreshToken(), null).status())
                    .as("disabled key's session")
                    .isEqualTo(401);
            assertThat(client.logInWithKey(disabledKey).status()).isEqualTo(401);
            assertThat(client.post(SESSION, loggedOut.refreshToken(), null).status())
                    .as("logged-out session")
                    .isEqualTo(401);
        }
        // The records of the changes it answered committed with them; only login events may be lost.
        assertThat(db.count("SELECT count(*) FROM audit_events WHERE action = 'key.created'"))
                .isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM audit_events WHERE action = 'key.disabled'"))
                .isEqualTo(1);
    }

    private record Started(Process process, String baseUrl) {}

    /** Keyport's main class in a JVM of its own, on the test's classpath and the given database. */
    private static Started startProcess(TestDatabase.Coordinates db) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path")));
        Map<String, String> settings = KeyportTestServer.testProperties(db.micronautProperties());
        settings.put("micronaut.server.port", String.valueOf(port));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(Keyport.class.getName());
        Path log = Files.createTempFile("keyport-killed-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File(System.getProperty("java.io.tmpdir")))
                .start();
        return new Started(process, "http://127.0.0.1:" + port);
    }

    private static ProtocolClient awaitUp(Started started) throws Exception {
        Process process = started.process();
        String base = started.baseUrl();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the instance started").isTrue();
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(URI.create(base + ProtocolClient.APP + "/location"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return new ProtocolClient(base);
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the instance did not come up within 60 s");
    }
}
