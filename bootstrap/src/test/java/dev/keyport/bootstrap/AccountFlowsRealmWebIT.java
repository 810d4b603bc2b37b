package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 24's account flows through the unmodified realm-web 2.0.1 under Node ({@code account-flows.test.mjs})
 * against the real jar: delete, anonymous then link then a key, a refused link, and an admin's disable and enable.
 */
class AccountFlowsRealmWebIT {
    private static final Path E2E = Path.of("src/test/e2e");

    @Test
    void realm_web_walks_delete_link_and_disable_against_the_jar() throws Exception {
        assertThat(E2E.resolve("node_modules/realm-web"))
                .as("realm-web is installed by the npm-ci execution of the build")
                .exists();
        String adminPassword = "realm-web-accounts-admin-password";
        try (KeyportProcess server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-accounts-it-"),
                        KeyportProcess.freePort(),
                        "keyport-accounts-realm-web-it.log",
                        Map.of("KEYPORT_ADMIN_PASSWORD", adminPassword))
                .awaitHealthy()) {
            ProcessBuilder nodeTest = new ProcessBuilder("node", "--test", "account-flows.test.mjs")
                    .directory(E2E.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            nodeTest.environment().put("KEYPORT_URL", server.baseUrl());
            nodeTest.environment().put("KEYPORT_ADMIN_PASSWORD", adminPassword);
            Process node = nodeTest.start();
            assertThat(node.waitFor(3, TimeUnit.MINUTES))
                    .as("node test finished in time")
                    .isTrue();
            assertThat(node.exitValue())
                    .as("account-flows.test.mjs (see output above)")
                    .isZero();
        }
    }
}
