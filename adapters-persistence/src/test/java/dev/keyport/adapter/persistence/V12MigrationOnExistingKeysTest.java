package dev.keyport.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V12 on a database written by the version before it (issue 23 review, attack-main).
 *
 * <p>Finding: a key keeps its previous value after the grace period ends (nothing clears it until the next roll or
 * an explicit end of the grace). V12 took every existing session of every key holding a previous value as the
 * previous value's, so the upgrade logged out every device of every key ever rolled with a grace, although the
 * old value had stopped long before and every one of those sessions was opened with the current value.
 */
class V12MigrationOnExistingKeysTest {
    private static final String OWNER = "0000000000000000000000a1";

    @Test
    void the_upgrade_ends_only_the_sessions_of_a_value_still_in_its_grace() throws Exception {
        TestDatabase.Coordinates database = TestDatabase.freshDatabase();
        Flyway.configure()
                .dataSource(database.url(), database.username(), database.password())
                .locations("classpath:db/migration")
                .target("11")
                .load()
                .migrate();
        try (Connection connection = database.connect();
                Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO users (id, type, created_at) VALUES ('" + OWNER + "', 'normal', now())");
            sql.execute(keyRow("0000000000000000000000b1", "long-ago", 3, "now() - interval '30 days'"));
            sql.execute(keyRow("0000000000000000000000b2", "in-grace", 5, "now() + interval '1 hour'"));
            sql.execute(keyRow("0000000000000000000000b3", "first-gen-long-ago", 0, "now() - interval '30 days'"));
        }

        Flyway.configure()
                .dataSource(database.url(), database.username(), database.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();

        try (Connection connection = database.connect();
                Statement sql = connection.createStatement()) {
            assertThat(generation(sql, "0000000000000000000000b1"))
                    .as(
                            "the old value stopped 30 days ago: every session was opened with the current value and lives on")
                    .isEqualTo(3);
            assertThat(generation(sql, "0000000000000000000000b3"))
                    .as("the same at generation 0")
                    .isZero();
            assertThat(generation(sql, "0000000000000000000000b2"))
                    .as("in its grace: the sessions are taken as the previous value's (ADR 0017), unchanged")
                    .isEqualTo(6);
            try (ResultSet row = sql.executeQuery(
                    "SELECT previous_session_generation FROM api_keys WHERE id = '0000000000000000000000b2'")) {
                row.next();
                assertThat(row.getLong(1)).isEqualTo(5);
            }
        }
    }

    private static String keyRow(String id, String name, long generation, String previousValidUntil) {
        String digest = id.substring(22).repeat(32);
        String previous = id.substring(22).replace('b', 'c').repeat(32);
        return "INSERT INTO api_keys (id, owner_id, name, key_digest, created_at, session_generation, "
                + "previous_key_digest, previous_valid_until) VALUES ('" + id + "', '" + OWNER + "', '" + name + "', '"
                + digest + "', now() - interval '60 days', " + generation + ", '" + previous + "', "
                + previousValidUntil
                + ")";
    }

    private static long generation(Statement sql, String id) throws Exception {
        try (ResultSet row = sql.executeQuery("SELECT session_generation FROM api_keys WHERE id = '" + id + "'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
