package dev.keyport.adapter.persistence;

import dev.keyport.application.sessions.port.out.LoginFailures;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Failure windows in {@code login_failures}, by the database's clock (so instances with skewed
 * clocks agree): one upsert per failed login for all its keys, which also deletes up to 100 rows
 * of other keys' ended windows.
 */
final class PostgresLoginFailures implements LoginFailures {
    private final Database db;

    PostgresLoginFailures(Database db) {
        this.db = db;
    }

    @Override
    public List<Tally> record(List<String> keys, Duration window) {
        Map<String, Tally> byKey = db.withConnection(connection -> {
            try (var statement = connection.prepareStatement("""
                    WITH w AS (SELECT make_interval(secs => ?) AS length, ?::text[] AS keys),
                    ended AS (
                        DELETE FROM login_failures WHERE key IN (
                            SELECT key FROM login_failures, w
                            WHERE window_start <= now() - w.length AND NOT key = ANY(w.keys)
                            LIMIT 100))
                    INSERT INTO login_failures AS f (key, window_start, failures)
                    SELECT DISTINCT k, now(), 1 FROM w, unnest(w.keys) AS k
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN f.window_start <= now() - (SELECT length FROM w) THEN 1 ELSE f.failures + 1 END,
                        window_start = CASE WHEN f.window_start <= now() - (SELECT length FROM w) THEN now() ELSE f.window_start END
                    RETURNING key, failures,
                        extract(epoch FROM window_start + (SELECT length FROM w) - now()) * 1000""")) {
                statement.setDouble(1, window.toMillis() / 1000.0);
                statement.setArray(2, connection.createArrayOf("text", keys.toArray()));
                Map<String, Tally> tallies = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        tallies.put(
                                rows.getString(1),
                                new Tally(
                                        rows.getString(1),
                                        rows.getInt(2),
                                        Duration.ofMillis(Math.max(0, Math.round(rows.getDouble(3))))));
                    }
                }
                return tallies;
            }
        });
        List<Tally> ordered = new ArrayList<>();
        keys.forEach(key -> ordered.add(byKey.get(key)));
        return ordered;
    }
}
