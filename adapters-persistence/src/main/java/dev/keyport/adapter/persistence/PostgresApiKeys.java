package dev.keyport.adapter.persistence;

import dev.keyport.application.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.KeyRingChange;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Singleton
final class PostgresApiKeys implements ApiKeys {
    static final String COLUMNS = "id, owner_id, name, key_digest, disabled, created_at, last_used_at";

    private final Database db;

    PostgresApiKeys(Database db) {
        this.db = db;
    }

    @Override
    public KeyRing lockRing(UserId owner) {
        return db.withConnection(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE")) {
                lock.setString(1, owner.value());
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        throw new UserNotFound();
                    }
                }
            }
            return KeyRing.reconstitute(owner, keysOf(connection, owner));
        });
    }

    @Override
    public KeyRing ring(UserId owner) {
        return db.withConnection(connection -> KeyRing.reconstitute(owner, keysOf(connection, owner)));
    }

    private static List<ApiKey> keysOf(Connection connection, UserId owner) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM api_keys WHERE owner_id = ? AND NOT server ORDER BY created_at, id")) {
            select.setString(1, owner.value());
            try (ResultSet rows = select.executeQuery()) {
                List<ApiKey> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(read(rows));
                }
                return keys;
            }
        }
    }

    static ApiKey read(ResultSet row) throws SQLException {
        Timestamp lastUsed = row.getTimestamp("last_used_at");
        return new ApiKey(new ApiKeyId(row.getString("id")), new UserId(row.getString("owner_id")),
                new ApiKeyName(row.getString("name")), new SecretDigest(row.getString("key_digest")),
                row.getBoolean("disabled"), row.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(lastUsed).map(Timestamp::toInstant));
    }

    @Override
    public void save(KeyRing ring) {
        try {
            db.withConnection(connection -> {
                for (KeyRingChange change : ring.changes()) {
                    apply(connection, change);
                }
                return null;
            });
        } catch (RuntimeException e) {
            Optional<String> constraint = ConstraintViolation.of(e);
            if (constraint.filter("api_keys_name_unique_per_owner"::equals).isPresent()) {
                throw new DuplicateKeyName(firstAddedName(ring));
            }
            if (constraint.filter("api_keys_limit_per_owner"::equals).isPresent()) {
                throw new KeyLimitReached(KeyRing.MAX_KEYS);
            }
            throw e;
        }
    }

    private static String firstAddedName(KeyRing ring) {
        return ring.changes().stream()
                .filter(KeyRingChange.KeyAdded.class::isInstance)
                .map(change -> ((KeyRingChange.KeyAdded) change).key().name().value())
                .findFirst().orElse("");
    }

    /** Applies one change; shared with the server key roster, whose changes are the same records. */
    static void apply(Connection connection, KeyRingChange change) throws SQLException {
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

    @Override
    public Optional<ApiKey> findByDigest(SecretDigest digest) {
        return db.statement("SELECT " + COLUMNS + " FROM api_keys WHERE key_digest = ?", statement -> {
            statement.setString(1, digest.hex());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        });
    }
}
