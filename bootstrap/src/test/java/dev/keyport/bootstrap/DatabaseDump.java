package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Every row of every Keyport table as text, ordered, for "did anything change?" and "is it in clear?" checks. */
final class DatabaseDump {
    private DatabaseDump() {}

    static String of(TestDatabase.Coordinates db, List<String> skippedTables) {
        try (Connection connection = db.connect()) {
            return of(connection, skippedTables);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the test database", e);
        }
    }

    /** The same over an open connection (for a test that dumps before and after each of many requests). */
    static String of(Connection connection, List<String> skippedTables) {
        StringBuilder dump = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertThat(tables).contains("users", "api_keys", "sessions", "audit_events", "admin_accounts");
            // one round trip for every table: a test may dump before and after each of a thousand requests
            String everyRow = tables.stream()
                    .filter(table -> !skippedTables.contains(table))
                    .map(table -> "SELECT '" + table + "' AS name, t::text AS row FROM \"" + table + "\" t")
                    .collect(java.util.stream.Collectors.joining(" UNION ALL ", "", " ORDER BY 1, 2"));
            try (ResultSet rows = statement.executeQuery(everyRow)) {
                while (rows.next()) {
                    dump.append(rows.getString(1))
                            .append(": ")
                            .append(rows.getString(2))
                            .append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the test database", e);
        }
        return dump.toString();
    }
}
