package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
                .as("realm-web is installed by the npm-ci execution of the build").exists();
        Path dataDir = Files.createTempDirectory("keyport-it-");
        int port = KeyportProcess.freePort();
        String email = "restart-" + System.nanoTime() + "@example.org";

        String adminPassword = "realm-web-it-admin-password";
        try (KeyportProcess server = KeyportProcess.start(dataDir, port, "keyport-it-server.log",
                Map.of("KEYPORT_ADMIN_PASSWORD", adminPassword)).awaitHealthy()) {
            assertThat(server.post(APP + "/auth/providers/local-userpass/register",
                    "{\"email\":\"" + email + "\",\"password\":\"survives restarts\"}").statusCode()).isEqualTo(201);

            runRealmWebTest(server, adminPassword);
        }
        assertThat(dataDir.resolve("pgdata/postmaster.pid"))
                .as("embedded PostgreSQL stopped with the server").doesNotExist();

        try (KeyportProcess again = KeyportProcess.start(dataDir, port, "keyport-it-server-2.log", Map.of()).awaitHealthy()) {
            HttpResponse<String> login = again.post(APP + "/auth/providers/local-userpass/login",
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
        try (KeyportProcess server = KeyportProcess.start(dataDir, KeyportProcess.freePort(), "keyport-it-memory.log",
                Map.of("KEYPORT_ADMIN_PASSWORD", adminPassword, "KEYPORT_STORE", "memory")).awaitHealthy()) {
            runRealmWebTest(server, adminPassword);
            assertThat(server.log()).contains("KEYPORT_STORE=memory").doesNotContain("Flyway");
        }
        assertThat(dataDir.resolve("pgdata")).as("no embedded PostgreSQL was started").doesNotExist();
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
        try (KeyportProcess server = KeyportProcess.start(Files.createTempDirectory("keyport-it-jose-"),
                KeyportProcess.freePort(), "keyport-it-jose.log", Map.of("KEYPORT_ADMIN_PASSWORD", adminPassword,
                        "KEYPORT_JWT_LIFETIME", "4s", "KEYPORT_TOKENS_PUBLISH_LEAD", "0s", "KEYPORT_TOKENS_KEY_RELOAD", "1s"))
                .awaitHealthy()) {
            runNodeTest("jose-verifier.test.mjs", server, adminPassword, Map.of("KEYPORT_TOKEN_LIFETIME_SECONDS", "4"));
        }
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
        assertThat(node.exitValue()).as(file + " end-to-end test (see output above)").isZero();
    }

    @Test
    void an_invalid_app_directory_stops_the_start_with_the_file_and_the_problem_named() throws Exception {
        Path appDir = Files.createTempDirectory("keyport-app-");
        Path file = Files.createDirectories(appDir.resolve("auth_providers")).resolve("api-key.json");
        Files.writeString(file, "{\"name\": \"api-key\", \"type\": \"api-key\", \"disabled\": \"yes\"}");
        try (KeyportProcess server = KeyportProcess.start(Files.createTempDirectory("keyport-it-"),
                KeyportProcess.freePort(), "keyport-it-bad-app-dir.log", Map.of("KEYPORT_APP_DIR", appDir.toString()))) {
            assertThat(server.process().waitFor(90, TimeUnit.SECONDS)).as("the process exits by itself").isTrue();
            assertThat(server.process().exitValue()).isNotZero();
            assertThat(server.log()).contains("invalid app configuration " + file + ": \"disabled\" must be true or false");
        }
    }
}
