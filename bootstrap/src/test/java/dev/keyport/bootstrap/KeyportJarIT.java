package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real thing: {@code bootstrap/target/keyport.jar} started as its own process on the zero-setup
 * embedded PostgreSQL, driven by the unmodified realm-web 2.0.1 client under Node, stopped with
 * SIGTERM, and started again on the same data directory.
 */
class KeyportJarIT {
    private static final Path E2E = Path.of("src/test/e2e");
    private static final String APP = "/api/client/v2.0/app/keyport";

    @Test
    void realm_web_works_against_the_jar_and_data_survives_a_restart() throws Exception {
        assertThat(E2E.resolve("node_modules/realm-web"))
                .as("realm-web is installed by the npm-ci execution of the build")
                .exists();
        Path dataDir = Files.createTempDirectory("keyport-it-");
        int port = KeyportProcess.freePort();
        String email = "restart-" + System.nanoTime() + "@example.org";

        String adminPassword = "realm-web-it-admin-password";
        try (KeyportProcess server = KeyportProcess.start(
                        dataDir, port, "keyport-it-server.log", Map.of("KEYPORT_ADMIN_PASSWORD", adminPassword))
                .awaitHealthy()) {
            assertThat(server.post(
                                    APP + "/auth/providers/local-userpass/register",
                                    "{\"email\":\"" + email + "\",\"password\":\"survives restarts\"}")
                            .statusCode())
                    .isEqualTo(201);

            runRealmWebTest(server, adminPassword);
        }
        assertThat(dataDir.resolve("pgdata/postmaster.pid"))
                .as("embedded PostgreSQL stopped with the server")
                .doesNotExist();

        try (KeyportProcess again = KeyportProcess.start(dataDir, port, "keyport-it-server-2.log", Map.of())
                .awaitHealthy()) {
            HttpResponse<String> login = again.post(
                    APP + "/auth/providers/local-userpass/login",
                    "{\"username\":\"" + email + "\",\"password\":\"survives restarts\"}");
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        }
    }

    /**
     * The swap shown for real: the same jar with {@code KEYPORT_STORE=memory} runs on the in-memory
     * adapters, with no database started at all, and the same unmodified realm-web flow passes.
     */
    @Test
    void realm_web_works_against_the_jar_on_the_in_memory_store() throws Exception {
        Path dataDir = Files.createTempDirectory("keyport-it-memory-");
        String adminPassword = "realm-web-it-admin-password";
        try (KeyportProcess server = KeyportProcess.start(
                        dataDir,
                        KeyportProcess.freePort(),
                        "keyport-it-memory.log",
                        Map.of("KEYPORT_ADMIN_PASSWORD", adminPassword, "KEYPORT_STORE", "memory"))
                .awaitHealthy()) {
            runRealmWebTest(server, adminPassword);
            assertThat(server.log()).contains("KEYPORT_STORE=memory").doesNotContain("Flyway");
        }
        assertThat(dataDir.resolve("pgdata"))
                .as("no embedded PostgreSQL was started")
                .doesNotExist();
    }

    /**
     * Node's {@code jose}, given only the issuer URL, verifies the jar's access tokens through the discovery
     * document and the JWKS, refuses tampered, foreign, refresh and expired ones, and accepts tokens from
     * before and after an admin's rotation. The jar runs with 4 s access tokens and no publish lead, so that
     * expiry and rotation show within the test.
     */
    @Test
    void jose_verifies_the_jar_s_access_tokens_from_the_issuer_url_alone() throws Exception {
        String adminPassword = "jose-it-admin-password";
        try (KeyportProcess server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-it-jose-"),
                        KeyportProcess.freePort(),
                        "keyport-it-jose.log",
                        Map.of(
                                "KEYPORT_ADMIN_PASSWORD",
                                adminPassword,
                                "KEYPORT_JWT_LIFETIME",
                                "4s",
                                "KEYPORT_TOKENS_PUBLISH_LEAD",
                                "0s",
                                "KEYPORT_TOKENS_KEY_RELOAD",
                                "1s"))
                .awaitHealthy()) {
            runNodeTest("jose-verifier.test.mjs", server, adminPassword, Map.of("KEYPORT_TOKEN_LIFETIME_SECONDS", "4"));
        }
    }

    /**
     * {@code KEYPORT_LOG_FORMAT=json}: everything the jar writes is one JSON object per line, each request is
     * one event carrying its request id (the caller's {@code X-Request-Id} when given) and its outcome, and no
     * password, key value or token of the scenario appears in the output.
     */
    @Test
    void json_logs_are_one_event_per_line_with_request_id_and_outcome_and_no_secret() throws Exception {
        String adminPassword = "json-logs-admin-password";
        String log;
        java.util.List<String> secrets =
                new java.util.ArrayList<>(java.util.List.of(adminPassword, "correct horse", "wrong-password-tried"));
        try (KeyportProcess server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-it-json-"),
                        KeyportProcess.freePort(),
                        "keyport-it-json.log",
                        Map.of(
                                "KEYPORT_ADMIN_PASSWORD",
                                adminPassword,
                                "KEYPORT_STORE",
                                "memory",
                                "KEYPORT_LOG_FORMAT",
                                "json"))
                .awaitHealthy()) {
            ProtocolClient client = new ProtocolClient(server.baseUrl());
            ProtocolClient.Login user = client.registerAndLogIn("json-logs@example.org");
            ProtocolClient.Answer key = client.createKey(user.refreshToken(), "laptop");
            ProtocolClient.Answer keyLogin = client.logInWithKey(key.text("key"));
            secrets.addAll(java.util.List.of(
                    user.accessToken(),
                    user.refreshToken(),
                    key.text("key"),
                    keyLogin.text("access_token"),
                    keyLogin.text("refresh_token")));
            java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl()
                                            + ProtocolClient.APP + "/auth/providers/local-userpass/login"))
                                    .header("Content-Type", "application/json")
                                    .header("X-Request-Id", "it-json-refused-1")
                                    .POST(
                                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                                    "{\"username\":\"json-logs@example.org\",\"password\":\"wrong-password-tried\"}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("X-Request-Id")).contains("it-json-refused-1");
            server.close();
            log = server.log();
        }
        java.util.List<io.micronaut.json.tree.JsonNode> events = new java.util.ArrayList<>();
        for (String line : log.split("\n")) {
            assertThat(line).as("a line of the log").startsWith("{").endsWith("}");
            events.add(ProtocolClient.parse(line));
        }
        assertThat(events)
                .allSatisfy(event -> assertThat(event.get("level")).isNotNull())
                .anySatisfy(event -> assertThat(event.get("formattedMessage").getStringValue())
                        .startsWith("Startup completed"));
        java.util.List<io.micronaut.json.tree.JsonNode> requests = events.stream()
                .filter(event -> event.get("loggerName").getStringValue().equals("keyport.request"))
                .toList();
        assertThat(requests)
                .as("one event per request: register, 2 logins, create, key login, refused login")
                .hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(
                        event -> assertThat(event.get("mdc").get("request_id").getStringValue())
                                .isNotBlank());
        assertThat(requests).anySatisfy(event -> {
            assertThat(event.get("mdc").get("request_id").getStringValue()).isEqualTo("it-json-refused-1");
            assertThat(keyValues(event))
                    .containsEntry("outcome", "InvalidPassword")
                    .containsEntry("status", "401");
        });
        assertThat(requests)
                .anySatisfy(event -> assertThat(keyValues(event))
                        .containsEntry("method", "POST")
                        .containsEntry("route", "/api/client/v2.0/auth/api_keys")
                        .containsEntry("status", "201")
                        .containsEntry("outcome", "ok")
                        .containsKey("duration_ms"));
        assertThat(secrets).allSatisfy(secret -> assertThat(log).doesNotContain(secret));
    }

    /** A logback JSON event's {@code kvpList} ({@code [{"k": "v"}, ...]}) as a map. */
    private static Map<String, String> keyValues(io.micronaut.json.tree.JsonNode event) {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (io.micronaut.json.tree.JsonNode pair : event.get("kvpList").values()) {
            pair.entries()
                    .forEach(entry -> pairs.put(entry.getKey(), entry.getValue().getStringValue()));
        }
        return pairs;
    }

    /**
     * With {@code KEYPORT_HTTP_LOOM_CARRIER=true} and the JVM option {@code ./keyport} then adds, the routes' virtual
     * threads are carried by the HTTP event loops (Micronaut's experimental loom carrier, opt-in): the whole realm-web
     * flow passes, blocking database calls included; the start says so (from the server's event loops as they are),
     * and the request log's events, written on the thread that finishes each answer, name the carrier's virtual
     * threads ({@code loom-on-netty-...}) rather than the JDK pool's ({@code virtual-executor-...}).
     */
    @Test
    void realm_web_works_against_the_jar_with_the_loom_carrier() throws Exception {
        String adminPassword = "loom-carrier-it-admin-password";
        String log;
        try (KeyportProcess server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-it-"),
                        KeyportProcess.freePort(),
                        "keyport-it-loom-carrier.log",
                        Map.of(
                                "KEYPORT_ADMIN_PASSWORD",
                                adminPassword,
                                "KEYPORT_HTTP_LOOM_CARRIER",
                                "true",
                                "KEYPORT_LOG_FORMAT",
                                "json"),
                        List.of(EventLoopCarrier.JVM_OPTION))
                .awaitHealthy()) {
            runRealmWebTest(server, adminPassword);
            log = server.log();
        }
        List<io.micronaut.json.tree.JsonNode> events = log.lines()
                .filter(line -> line.startsWith("{"))
                .map(ProtocolClient::parse)
                .toList();
        assertThat(events)
                .anySatisfy(event -> assertThat(event.get("formattedMessage").getStringValue())
                        .contains("routes run on virtual threads carried by the HTTP event loops"))
                .noneSatisfy(
                        event -> assertThat(event.get("level").getStringValue()).isEqualTo("ERROR"));
        List<io.micronaut.json.tree.JsonNode> routed = events.stream()
                .filter(event -> event.get("loggerName").getStringValue().equals("keyport.request"))
                .filter(event -> keyValues(event).get("route").startsWith("/api/"))
                .toList();
        assertThat(routed)
                .as("the request log's events of realm-web's calls")
                .hasSizeGreaterThan(10)
                .allSatisfy(event ->
                        assertThat(event.get("threadName").getStringValue()).startsWith("loom-on-netty-"));
    }

    /** Asked for where the JVM does not allow it: said once, and the server runs as it does by default. */
    @Test
    void the_loom_carrier_without_the_jvm_option_runs_as_by_default() throws Exception {
        try (KeyportProcess server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-it-"),
                        KeyportProcess.freePort(),
                        "keyport-it-loom-carrier-refused.log",
                        Map.of("KEYPORT_HTTP_LOOM_CARRIER", "true"))
                .awaitHealthy()) {
            assertThat(server.log())
                    .contains("KEYPORT_HTTP_LOOM_CARRIER=true, but the JVM does not open java.lang to Keyport")
                    .doesNotContain("carried by the HTTP event loops");
            assertThat(server.post(
                                    APP + "/auth/providers/local-userpass/register",
                                    "{\"email\":\"carrier@example.org\",\"password\":\"default carrier\"}")
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void a_loom_carrier_setting_that_is_not_true_or_false_stops_the_start_before_the_database() throws Exception {
        Path dataDir = Files.createTempDirectory("keyport-it-");
        try (KeyportProcess server = KeyportProcess.start(
                dataDir,
                KeyportProcess.freePort(),
                "keyport-it-loom-carrier-invalid.log",
                Map.of("KEYPORT_HTTP_LOOM_CARRIER", "sometimes"))) {
            assertThat(server.process().waitFor(90, TimeUnit.SECONDS))
                    .as("the process exits by itself")
                    .isTrue();
            assertThat(server.process().exitValue()).isNotZero();
            assertThat(server.log()).contains("KEYPORT_HTTP_LOOM_CARRIER must be true or false, not 'sometimes'");
        }
        assertThat(dataDir.resolve("pgdata"))
                .as("the embedded database was never started")
                .doesNotExist();
    }

    /**
     * SIGTERM with password logins in flight (each hash made ~10x slower, so that four of them queue for about two
     * seconds on the one hashing thread): the server stops taking connections at once, every login it had taken is
     * answered 200 with its tokens, and the stop logs no error before the process ends.
     */
    @Test
    void sigterm_refuses_new_connections_and_answers_every_request_in_flight() throws Exception {
        String email = "sigterm@example.org";
        String password = "in flight at the stop";
        Path dataDir = Files.createTempDirectory("keyport-it-sigterm-");
        try (KeyportProcess server = KeyportProcess.start(
                        dataDir,
                        KeyportProcess.freePort(),
                        "keyport-it-sigterm.log",
                        Map.of(
                                "KEYPORT_ADMIN_PASSWORD", "sigterm-it-admin-password",
                                "KEYPORT_PASSWORD_ARGON2_ITERATIONS", "20",
                                "KEYPORT_PASSWORD_HASHING_THREADS", "1"))
                .awaitHealthy()) {
            String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
            assertThat(server.post(APP + "/auth/providers/local-userpass/register", body)
                            .statusCode())
                    .isEqualTo(201);
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest login = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + APP + "/auth/providers/local-userpass/login"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                    .build();
            List<java.util.concurrent.CompletableFuture<Long>> answeredAt = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answeredAt.add(client.sendAsync(login, HttpResponse.BodyHandlers.ofString())
                        .thenApply(answer -> {
                            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                            assertThat(answer.body()).contains("\"refresh_token\":\"ey");
                            return System.nanoTime();
                        }));
            }
            java.util.concurrent.CompletableFuture.anyOf(
                            answeredAt.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS); // the server is working through them

            server.process().destroy(); // SIGTERM
            long refusedAt = awaitConnectionsRefused(server, Duration.ofSeconds(5));

            List<Long> answers = new java.util.ArrayList<>();
            for (java.util.concurrent.CompletableFuture<Long> answer : answeredAt) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(answers)
                    .as("logins still in flight once new connections were refused (else the test proves nothing)")
                    .anySatisfy(at -> assertThat(at).isGreaterThan(refusedAt));
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.log()).doesNotContain("ERROR").doesNotContain("Exception");
        }
        assertThat(dataDir.resolve("pgdata/postmaster.pid"))
                .as("embedded PostgreSQL stopped after the server")
                .doesNotExist();
    }

    /**
     * SIGTERM while the embedded PostgreSQL is starting (its pid file written, the JVM still waiting for it): the
     * start finishes, then the server and the database stop, and no postgres is left running to block the next
     * start on the directory (a review found one left with zonky's own hook switched off).
     */
    @Test
    void sigterm_while_the_embedded_database_starts_leaves_no_postgres_running() throws Exception {
        Path dataDir = Files.createTempDirectory("keyport-it-sigterm-db-");
        Map<String, String> env = Map.of("KEYPORT_ADMIN_PASSWORD", "sigterm-db-it-admin-password");
        int port = KeyportProcess.freePort();
        try (KeyportProcess first = KeyportProcess.start(dataDir, port, "keyport-it-sigterm-db-1.log", env)
                .awaitHealthy()) {
            // a first start makes the data directory, so the next one starts the database right away
        }
        Path pidFile = dataDir.resolve("pgdata/postmaster.pid");
        assertThat(pidFile).doesNotExist();
        try (KeyportProcess second = KeyportProcess.start(dataDir, port, "keyport-it-sigterm-db-2.log", env)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(pidFile).as("the database started").exists();
            second.process().destroy(); // SIGTERM
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(pidFile).as("no postgres left running on the directory").doesNotExist();
        try (KeyportProcess third = KeyportProcess.start(dataDir, port, "keyport-it-sigterm-db-3.log", env)
                .awaitHealthy()) {
            assertThat(third.log()).contains("reusing");
        }
    }

    /** Waits until a new connection to the server is refused; returns when ({@link System#nanoTime()}). */
    private static long awaitConnectionsRefused(KeyportProcess server, Duration limit) throws InterruptedException {
        int port = server.port();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (java.io.IOException refused) {
                return System.nanoTime();
            }
        }
        throw new AssertionError("new connections were still accepted " + limit + " after SIGTERM");
    }

    private static void runRealmWebTest(KeyportProcess server, String adminPassword) throws Exception {
        runNodeTest("realm-web.test.mjs", server, adminPassword, Map.of());
    }

    private static void runNodeTest(String file, KeyportProcess server, String adminPassword, Map<String, String> env)
            throws Exception {
        ProcessBuilder nodeTest = new ProcessBuilder("node", "--test", file)
                .directory(E2E.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        nodeTest.environment().put("KEYPORT_URL", server.baseUrl());
        nodeTest.environment().put("KEYPORT_ADMIN_PASSWORD", adminPassword);
        nodeTest.environment().putAll(env);
        Process node = nodeTest.start();
        boolean finished = node.waitFor(3, TimeUnit.MINUTES);
        assertThat(finished).as("node test finished in time").isTrue();
        assertThat(node.exitValue())
                .as(file + " end-to-end test (see output above)")
                .isZero();
    }

    @Test
    void an_invalid_app_directory_stops_the_start_with_the_file_and_the_problem_named() throws Exception {
        Path appDir = Files.createTempDirectory("keyport-app-");
        Path file = Files.createDirectories(appDir.resolve("auth_providers")).resolve("api-key.json");
        Files.writeString(file, "{\"name\": \"api-key\", \"type\": \"api-key\", \"disabled\": \"yes\"}");
        try (KeyportProcess server = KeyportProcess.start(
                Files.createTempDirectory("keyport-it-"),
                KeyportProcess.freePort(),
                "keyport-it-bad-app-dir.log",
                Map.of("KEYPORT_APP_DIR", appDir.toString()))) {
            assertThat(server.process().waitFor(90, TimeUnit.SECONDS))
                    .as("the process exits by itself")
                    .isTrue();
            assertThat(server.process().exitValue()).isNotZero();
            assertThat(server.log())
                    .contains("invalid app configuration " + file + ": \"disabled\" must be true or false");
        }
    }
}
