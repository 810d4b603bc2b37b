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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code target/keyport.jar} run as its own process, as an operator runs it: on the embedded
 * PostgreSQL in a given data directory, with extra environment variables, its output in a log file.
 */
final class KeyportProcess implements AutoCloseable {
    static final Path JAR = Path.of("target/keyport.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path log;
    private final int port;
    private final Process process;

    private KeyportProcess(Path log, int port, Process process) {
        this.log = log;
        this.port = port;
        this.process = process;
    }

    /** Starts the jar; {@code env} adds to (or, with an empty value, removes from) the environment. */
    static KeyportProcess start(Path dataDir, int port, String logName, Map<String, String> env) throws IOException {
        return start(dataDir, port, logName, env, List.of());
    }

    /** The same, with {@code jvmOptions} before {@code -jar}. */
    static KeyportProcess start(
            Path dataDir, int port, String logName, Map<String, String> env, List<String> jvmOptions)
            throws IOException {
        assertThat(JAR)
                .as("the jar is built by 'package' before integration tests")
                .exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Path.of("target", logName);
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.remove("DATASOURCES_DEFAULT_URL");
        environment.put("KEYPORT_DATA_DIR", dataDir.toString());
        environment.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        env.forEach((key, value) -> {
            if (value.isEmpty()) {
                environment.remove(key);
            } else {
                environment.put(key, value);
            }
        });
        return new KeyportProcess(log, port, builder.start());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    KeyportProcess awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive())
                    .as("server process alive (see " + log + ")")
                    .isTrue();
            try {
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not UP within 60 s");
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, and the process must be gone within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the server did not stop within 30 s of SIGTERM");
            }
        }
    }
}
