package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real thing: {@code bootstrap/target/keyport.jar} started as its own process on the zero-setup
 * embedded PostgreSQL, driven by the unmodified realm-web 2.0.1 client under Node, stopped with
 * SIGTERM, and started again on the same data directory.
 */
class KeyportJarIT {
    private static final Path JAR = Path.of("target/keyport.jar");
    private static final Path E2E = Path.of("src/test/e2e");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void realm_web_works_against_the_jar_and_data_survives_a_restart() throws Exception {
        assertThat(JAR).as("the jar is built by 'package' before integration tests").exists();
        assertThat(E2E.resolve("node_modules/realm-web"))
                .as("realm-web is installed by the npm-ci execution of the build").exists();
        Path dataDir = Files.createTempDirectory("keyport-it-");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;

        Process server = start(dataDir, port);
        try {
            awaitHealthy(base, server);
            String email = "restart-" + System.nanoTime() + "@example.org";
            assertThat(post(base + "/api/client/v2.0/app/keyport/auth/providers/local-userpass/register",
                    "{\"email\":\"" + email + "\",\"password\":\"survives restarts\"}").statusCode()).isEqualTo(201);

            ProcessBuilder nodeTest = new ProcessBuilder("node", "--test", "realm-web.test.mjs")
                    .directory(E2E.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            nodeTest.environment().put("KEYPORT_URL", base);
            Process node = nodeTest.start();
            boolean finished = node.waitFor(3, TimeUnit.MINUTES);
            assertThat(finished).as("node test finished in time").isTrue();
            assertThat(node.exitValue()).as("realm-web end-to-end test (see output above)").isZero();

            stop(server);
            assertThat(dataDir.resolve("pgdata/postmaster.pid"))
                    .as("embedded PostgreSQL stopped with the server").doesNotExist();

            server = start(dataDir, port);
            awaitHealthy(base, server);
            HttpResponse<String> login = post(base + "/api/client/v2.0/app/keyport/auth/providers/local-userpass/login",
                    "{\"username\":\"" + email + "\",\"password\":\"survives restarts\"}");
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        } finally {
            stop(server);
        }
    }

    private Process start(Path dataDir, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/keyport-it-server.log").toFile()));
        Map<String, String> env = builder.environment();
        env.remove("DATASOURCES_DEFAULT_URL");
        env.put("KEYPORT_DATA_DIR", dataDir.toString());
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        return builder.start();
    }

    private void stop(Process server) throws InterruptedException {
        if (server.isAlive()) {
            server.destroy(); // SIGTERM
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                throw new AssertionError("the server did not stop within 30 s of SIGTERM");
            }
        }
    }

    private void awaitHealthy(String base, Process server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server process alive (see target/keyport-it-server.log)").isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not UP within 60 s");
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
