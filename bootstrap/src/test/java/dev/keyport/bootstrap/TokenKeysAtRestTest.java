package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.application.UseCases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The token keys at rest: what the database holds is sealed under the key-encryption key, which it does
 * not hold; an instance with another key-encryption key refuses to start, saying why.
 */
class TokenKeysAtRestTest {
    private static final String KEK = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEK =
            Base64.getEncoder().encodeToString("another 32-byte key-encryption!!".getBytes());

    @Test
    void the_database_holds_no_token_key_in_the_clear_and_another_kek_stops_the_start() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        byte[] privateKey;
        byte[] hmacKey;
        try (KeyportTestServer server =
                KeyportTestServer.start(db.micronautProperties(), Map.of("keyport.key-encryption-key", KEK))) {
            privateKey = server.context()
                    .getBean(UseCases.class)
                    .accessTokenKeys()
                    .ring()
                    .signing()
                    .privateKey()
                    .getEncoded();
            hmacKey = server.context()
                    .getBean(UseCases.class)
                    .tokenKeys()
                    .signing()
                    .secret();
        }

        List<byte[]> stored = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT sealed_private_key FROM signing_keys UNION ALL SELECT sealed_key FROM token_keys "
                                        + "UNION ALL SELECT value FROM server_secrets")) {
            while (rows.next()) {
                stored.add(rows.getBytes(1));
            }
        }
        assertThat(stored).hasSize(2);
        for (byte[] value : stored) {
            assertThat(indexOf(value, privateKey))
                    .as("the private key in the clear")
                    .isNegative();
            assertThat(indexOf(
                            value, java.util.Arrays.copyOfRange(privateKey, privateKey.length - 32, privateKey.length)))
                    .as("the private scalar in the clear")
                    .isNegative();
            assertThat(indexOf(value, hmacKey)).as("the HMAC key in the clear").isNegative();
        }

        assertThatThrownBy(() -> KeyportTestServer.start(
                                db.micronautProperties(), Map.of("keyport.key-encryption-key", OTHER_KEK))
                        .close())
                .hasStackTraceContaining("sealed with another key-encryption key");
        try (KeyportTestServer again =
                KeyportTestServer.start(db.micronautProperties(), Map.of("keyport.key-encryption-key", KEK))) {
            assertThat(again.context()
                            .getBean(UseCases.class)
                            .tokenKeys()
                            .signing()
                            .secret())
                    .isEqualTo(hmacKey);
        }
    }

    /**
     * Issue 23, part 6: a second instance on the same database, started with an empty data directory and no
     * KEYPORT_KEY_ENCRYPTION_KEY (the default settings on another host), refuses to start, naming the setting
     * and the file, and makes no key file; with the first instance's file it starts and opens the same keys.
     */
    @Test
    void no_key_encryption_key_is_invented_over_sealed_secrets(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dirs) throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        java.nio.file.Path first = dirs.resolve("first");
        byte[] hmacKey;
        try (KeyportTestServer server =
                KeyportTestServer.start(db.micronautProperties(), Map.of("keyport.data-dir", first.toString()))) {
            hmacKey = server.context()
                    .getBean(UseCases.class)
                    .tokenKeys()
                    .signing()
                    .secret();
        }
        assertThat(first.resolve("key-encryption.key"))
                .as("a database without sealed secrets may get a new key")
                .exists();

        java.nio.file.Path second = dirs.resolve("second");
        java.nio.file.Files.createDirectories(second);
        assertThatThrownBy(() -> KeyportTestServer.start(
                                db.micronautProperties(), Map.of("keyport.data-dir", second.toString()))
                        .close())
                .hasStackTraceContaining("KEYPORT_KEY_ENCRYPTION_KEY")
                .hasStackTraceContaining(
                        second.resolve("key-encryption.key").toAbsolutePath().toString());
        try (var made = java.nio.file.Files.list(second)) {
            assertThat(made).as("nothing written in the second data directory").isEmpty();
        }

        java.nio.file.Files.copy(first.resolve("key-encryption.key"), second.resolve("key-encryption.key"));
        try (KeyportTestServer again =
                KeyportTestServer.start(db.micronautProperties(), Map.of("keyport.data-dir", second.toString()))) {
            assertThat(again.context()
                            .getBean(UseCases.class)
                            .tokenKeys()
                            .signing()
                            .secret())
                    .isEqualTo(hmacKey);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
