package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 23, part 10: the first start's generated admin password goes to an owner-only file in the data
 * directory and the log says where, never what; and an admin login answers an unknown name exactly as it
 * answers a wrong password (the use-case rules count the hashes: one each).
 */
class AdminFirstStartTest {
    private static final String LOGIN = "/api/admin/v3.0/auth/providers/local-userpass/login";

    @Test
    void the_generated_password_is_in_an_owner_only_file_and_never_in_the_log(@TempDir Path dataDir) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger keyport = (Logger) LoggerFactory.getLogger("dev.keyport");
        Level before = keyport.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        keyport.setLevel(Level.TRACE); // never at any level
        try (KeyportTestServer server = KeyportTestServer.start(Map.of("keyport.data-dir", dataDir.toString()))) {
            keyport.setLevel(before);
            Path file = dataDir.resolve("admin-password");
            assertThat(file).exists();
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(file).strip();
            assertThat(password).matches("[0-9a-f]{32}");
            try (var files = Files.list(dataDir)) {
                assertThat(files.filter(f -> f.getFileName().toString().contains("admin-password")))
                        .as("no temporary copy left")
                        .containsExactly(file);
            }

            List<String> messages = log.list.stream()
                    .map(event -> event.getFormattedMessage() + Arrays.toString(event.getArgumentArray()))
                    .toList();
            assertThat(messages)
                    .anyMatch(message -> message.contains(file.toAbsolutePath().toString()));
            assertThat(messages).noneMatch(message -> message.contains(password));

            ProtocolClient client = server.client();
            Answer admin = client.post(LOGIN, null, "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
            assertThat(admin.status()).as(admin.body()).isEqualTo(200);

            Answer wrongPassword = client.post(LOGIN, null, "{\"username\":\"admin\",\"password\":\"guess\"}");
            Answer unknownName = client.post(LOGIN, null, "{\"username\":\"administrator\",\"password\":\"guess\"}");
            assertThat(wrongPassword.status()).isEqualTo(401);
            assertThat(unknownName.status()).isEqualTo(wrongPassword.status());
            assertThat(unknownName.body()).isEqualTo(wrongPassword.body());
            assertThat(unknownName.contentType()).isEqualTo(wrongPassword.contentType());
        } finally {
            keyport.setLevel(before);
            root.detachAppender(log);
        }
    }
}
