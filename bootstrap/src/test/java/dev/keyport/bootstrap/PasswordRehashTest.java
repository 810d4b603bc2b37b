package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upgrade from PBKDF2 to Argon2id on real PostgreSQL: a user registered on a server that still
 * hashed with PBKDF2 logs in, unchanged, on a server that hashes with Argon2id, and that login replaces
 * the stored hash; a wrong password changes nothing.
 */
class PasswordRehashTest {
    private static final String EMAIL = "legacy@example.org";

    @Test
    void the_first_login_after_the_switch_rehashes_a_pbkdf2_hash_with_argon2id() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        try (KeyportTestServer legacy = KeyportTestServer.start(
                db.micronautProperties(), Map.of("keyport.password.algorithm", "pbkdf2-sha256"))) {
            legacy.client().registerAndLogIn(EMAIL);
        }
        assertThat(storedHash(db)).startsWith("pbkdf2-sha256$1000$");

        try (KeyportTestServer current = KeyportTestServer.start(db.micronautProperties(), Map.of())) {
            ProtocolClient client = current.client();
            assertThat(client.post(
                                    ProtocolClient.APP + "/auth/providers/local-userpass/login",
                                    null,
                                    "{\"username\":\"" + EMAIL + "\",\"password\":\"not it\"}")
                            .status())
                    .isEqualTo(401);
            assertThat(storedHash(db)).as("a wrong password upgrades nothing").startsWith("pbkdf2-sha256$");

            String userId = client.logIn(
                            "local-userpass", "{\"username\":\"" + EMAIL + "\",\"password\":\"correct horse\"}")
                    .userId();
            assertThat(storedHash(db)).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
            assertThat(client.logIn("local-userpass", "{\"username\":\"" + EMAIL + "\",\"password\":\"correct horse\"}")
                            .userId())
                    .isEqualTo(userId);
        }
    }

    private static String storedHash(TestDatabase.Coordinates db) throws Exception {
        try (Connection connection = db.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT password_hash FROM users WHERE email = ?")) {
            query.setString(1, EMAIL);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }
}
