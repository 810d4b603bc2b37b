package dev.keyport.adapter.persistence;

import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ServerKeyRoster;
import dev.keyport.domain.error.DuplicateKeyName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Server keys are rows of {@code api_keys} flagged {@code server}. The roster's lock is a
 * transaction-scoped advisory lock, so two instances creating server keys at once take turns; the
 * partial unique index on the name backs the roster's rule anyway.
 */
final class PostgresServerApiKeys implements ServerApiKeys {
    /** An arbitrary constant that names "the server key roster" among advisory locks. */
    private static final long ROSTER_LOCK = 0x6b6579706f7274L; // "keyport"

    private final Database db;
    private final KeyStateView view;

    PostgresServerApiKeys(Database db, KeyStateView view) {
        this.db = db;
        this.view = view;
    }

    @Override
    public ServerKeyRoster lockRoster() {
        db.requireTransaction();
        return db.withConnection(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ROSTER_LOCK);
                lock.execute();
            }
            return ServerKeyRoster.reconstitute(serverKeys(connection));
        });
    }

    @Override
    public ServerKeyRoster roster() {
        return db.withConnection(connection -> ServerKeyRoster.reconstitute(serverKeys(connection)));
    }

    private static List<ApiKey> serverKeys(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT " + PostgresApiKeys.COLUMNS + " FROM api_keys WHERE server ORDER BY created_at, id");
                ResultSet rows = select.executeQuery()) {
            List<ApiKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(PostgresApiKeys.read(rows));
            }
            return keys;
        }
    }

    @Override
    public void save(ServerKeyRoster roster) {
        db.requireTransaction();
        try {
            KeyChanges.write(db, view, roster.changes());
        } catch (RuntimeException e) {
            Optional<String> constraint = ConstraintViolation.of(e);
            if (constraint.filter("api_keys_server_name_unique"::equals).isPresent()) {
                throw new DuplicateKeyName(KeyChanges.firstAddedName(roster.changes()));
            }
            throw e;
        }
    }
}
