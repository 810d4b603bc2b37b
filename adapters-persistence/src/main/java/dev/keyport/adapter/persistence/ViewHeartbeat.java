package dev.keyport.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * The sending side of the key view's heartbeat (ADR 0016): a connection of its own, opened with the
 * pool's settings (so a heartbeat that reaches the view proves the view hears the database Keyport
 * writes to), that announces numbered heartbeats on {@link #CHANNEL} and, in the same statement, reads
 * the pg_trigger rows of the triggers that announce key changes.
 *
 * <p>Not a pool connection: a pool exhausted by requests cannot starve the heartbeat.
 */
final class ViewHeartbeat implements AutoCloseable {
    static final String CHANNEL = "keyport_view_heartbeat";
    /** How the sending connection shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "keyport-key-view-heartbeat";
    /** The triggers without which a change could reach no view (V4, V13): each must exist and fire ALWAYS. */
    static final List<String> ANNOUNCING_TRIGGERS =
            List.of("api_keys_changed", "api_keys_deleted", "api_keys_truncated", "ended_sessions_added");

    /**
     * One statement, so one snapshot: this backend's pid (the notification must come from it), the
     * heartbeat, and every user trigger on the two tables with what identifies its current catalog
     * row: a DISABLE/ENABLE TRIGGER rewrites the row (new xmin), a restore recreates it (new oid), a
     * replaced function changes the function's row. A NOTIFY takes a transaction id, so its commit
     * is a WAL record: this one does not wait for the flush (the notification goes out at commit all
     * the same, after every earlier commit's), set for this transaction only, so that nothing leaks
     * through a pooler onto a server connection others use.
     */
    private static final String SEND = """
            SELECT pg_backend_pid(), pg_notify(?, ?), set_config('synchronous_commit', 'off', true),
                   (SELECT string_agg(concat_ws('|', t.tgname::text, t.tgenabled::text, t.oid::text, t.xmin::text,
                                                p.oid::text, p.xmin::text), ',' ORDER BY t.tgname, t.oid)
                      FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                     WHERE t.tgrelid IN (to_regclass('api_keys'), to_regclass('ended_sessions'))
                       AND NOT t.tgisinternal)""";

    private final Connection connection;
    private final PreparedStatement send;
    private final Statement statement;

    /**
     * What one heartbeat found when it was sent.
     *
     * @param pid      the sending backend, from which the notification must come
     * @param triggers the triggers' catalog rows (compared with the previous heartbeat's)
     * @param problem  why no view may trust this heartbeat: a trigger missing or not firing ALWAYS
     */
    record Sent(int pid, String triggers, Optional<String> problem) {}

    ViewHeartbeat(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(true);
        this.send = connection.prepareStatement(SEND);
        this.statement = connection.createStatement();
    }

    /** Announces {@code payload} (committed when this returns) and reads the triggers. */
    Sent send(String payload) throws SQLException {
        send.setString(1, CHANNEL);
        send.setString(2, payload);
        Sent sent;
        try (ResultSet row = send.executeQuery()) {
            row.next();
            String triggers = row.getString(4);
            sent = new Sent(row.getInt(1), triggers == null ? "" : triggers, problem(triggers));
        }
        // Behind a transaction pooler this backend may be one another client left listening: what it
        // delivers here is not ours, and the driver would keep it forever.
        connection.unwrap(PGConnection.class).getNotifications();
        return sent;
    }

    /** For reads beside the heartbeat (the ended sessions, after the triggers changed). */
    Statement statement() {
        return statement;
    }

    static Optional<String> problem(String triggers) {
        Map<String, String> enabled = new HashMap<>();
        if (triggers != null && !triggers.isEmpty()) {
            for (String row : triggers.split(",")) {
                String[] fields = row.split("\\|");
                enabled.merge(fields[0], fields[1], (a, b) -> a.equals("A") ? b : a);
            }
        }
        List<String> problems = new ArrayList<>();
        for (String name : ANNOUNCING_TRIGGERS) {
            String state = enabled.get(name);
            if (state == null) {
                problems.add("trigger " + name + " is missing");
            } else if (!state.equals("A")) {
                problems.add("trigger " + name + " does not fire ALWAYS (tgenabled = " + state + ")");
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
