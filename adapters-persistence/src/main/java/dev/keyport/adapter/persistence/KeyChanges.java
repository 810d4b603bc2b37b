package dev.keyport.adapter.persistence;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRingChange;
import dev.keyport.domain.apikey.PreviousValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/**
 * Writes the changes of a user's key ring or of the server key roster (the same change records) to
 * {@code api_keys}. A key's {@code server} flag is derived from its owner's type on insert.
 */
final class KeyChanges {
    private KeyChanges() {}

    /**
     * Applies the changes in order, on the surrounding transaction's connection; once it commits,
     * this instance's key view forgets the changed keys (the triggers tell the other instances).
     */
    static void write(Database db, KeyStateView view, List<KeyRingChange> changes) {
        db.withConnection(connection -> {
            for (KeyRingChange change : changes) {
                apply(connection, change);
                db.afterCommit(() -> view.keyChanged(change.keyId()));
            }
            return null;
        });
    }

    /** The name of the first key added, for the duplicate-name refusal when a constraint fires. */
    static String firstAddedName(List<KeyRingChange> changes) {
        return changes.stream()
                .filter(KeyRingChange.KeyAdded.class::isInstance)
                .map(change -> ((KeyRingChange.KeyAdded) change).key().name().value())
                .findFirst()
                .orElse("");
    }

    private static void apply(Connection connection, KeyRingChange change) throws SQLException {
        switch (change) {
            case KeyRingChange.KeyAdded added -> {
                ApiKey key = added.key();
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO api_keys (id, owner_id, name, key_digest, disabled, created_at, server, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, (SELECT type = 'server' FROM users WHERE id = ?), ?)""")) {
                    insert.setString(1, key.id().value());
                    insert.setString(2, key.ownerId().value());
                    insert.setString(3, key.name().value());
                    insert.setString(4, key.digest().hex());
                    insert.setBoolean(5, key.disabled());
                    insert.setTimestamp(6, Timestamp.from(key.createdAt()));
                    insert.setString(7, key.ownerId().value());
                    insert.setTimestamp(8, key.expiresAt().map(Timestamp::from).orElse(null));
                    insert.executeUpdate();
                }
            }
            case KeyRingChange.KeyEnabled enabled -> writeState(connection, enabled.key());
            case KeyRingChange.KeyDisabled disabled -> writeState(connection, disabled.key());
            case KeyRingChange.KeySessionsEnded ended -> writeState(connection, ended.key());
            case KeyRingChange.KeyValueChanged changed -> writeState(connection, changed.key());
            case KeyRingChange.KeyRemoved removed -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_keys WHERE id = ?")) {
                    delete.setString(1, removed.key().id().value());
                    delete.executeUpdate();
                }
            }
        }
    }

    /**
     * Everything about the key that a change can move, as the (locked) ring or roster decided it: its state, its
     * value and previous value (a roll, or the end of a grace period), and the session generations of both.
     */
    private static void writeState(Connection connection, ApiKey key) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE api_keys SET disabled = ?, session_generation = ?, key_digest = ?,
                       previous_key_digest = ?, previous_valid_until = ?, previous_session_generation = ?
                 WHERE id = ?""")) {
            Optional<PreviousValue> previous = key.previousValue();
            update.setBoolean(1, key.disabled());
            update.setLong(2, key.sessionGeneration());
            update.setString(3, key.digest().hex());
            update.setString(4, previous.map(value -> value.digest().hex()).orElse(null));
            update.setTimestamp(
                    5, previous.map(value -> Timestamp.from(value.validUntil())).orElse(null));
            update.setObject(6, previous.map(PreviousValue::sessionGeneration).orElse(null), Types.BIGINT);
            update.setString(7, key.id().value());
            update.executeUpdate();
        }
    }
}
