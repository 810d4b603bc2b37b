package dev.keyport.adapter.persistence;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRingChange;
import dev.keyport.domain.id.ApiKeyId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Writes the changes of a user's key ring or of the server key roster (the same change records) to
 * {@code api_keys}. A key's {@code server} flag is derived from its owner's type on insert.
 */
final class KeyChanges {
    private KeyChanges() {
    }

    /** Applies the changes in order, on the surrounding transaction's connection. */
    static void write(Database db, List<KeyRingChange> changes) {
        db.withConnection(connection -> {
            for (KeyRingChange change : changes) {
                apply(connection, change);
            }
            return null;
        });
    }

    /** The name of the first key added, for the duplicate-name refusal when a constraint fires. */
    static String firstAddedName(List<KeyRingChange> changes) {
        return changes.stream()
                .filter(KeyRingChange.KeyAdded.class::isInstance)
                .map(change -> ((KeyRingChange.KeyAdded) change).key().name().value())
                .findFirst().orElse("");
    }

    private static void apply(Connection connection, KeyRingChange change) throws SQLException {
        switch (change) {
            case KeyRingChange.KeyAdded added -> {
                ApiKey key = added.key();
                try (PreparedStatement insert = connection.prepareStatement(
                        """
                        INSERT INTO api_keys (id, owner_id, name, key_digest, disabled, created_at, server)
                        VALUES (?, ?, ?, ?, ?, ?, (SELECT type = 'server' FROM users WHERE id = ?))""")) {
                    insert.setString(1, key.id().value());
                    insert.setString(2, key.ownerId().value());
                    insert.setString(3, key.name().value());
                    insert.setString(4, key.digest().hex());
                    insert.setBoolean(5, key.disabled());
                    insert.setTimestamp(6, Timestamp.from(key.createdAt()));
                    insert.setString(7, key.ownerId().value());
                    insert.executeUpdate();
                }
            }
            case KeyRingChange.KeyEnabled enabled -> setDisabled(connection, enabled.key().id(), false);
            case KeyRingChange.KeyDisabled disabled -> setDisabled(connection, disabled.key().id(), true);
            case KeyRingChange.KeyRemoved removed -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_keys WHERE id = ?")) {
                    delete.setString(1, removed.key().id().value());
                    delete.executeUpdate();
                }
            }
        }
    }

    private static void setDisabled(Connection connection, ApiKeyId id, boolean disabled) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE api_keys SET disabled = ? WHERE id = ?")) {
            update.setBoolean(1, disabled);
            update.setString(2, id.value());
            update.executeUpdate();
        }
    }
}
