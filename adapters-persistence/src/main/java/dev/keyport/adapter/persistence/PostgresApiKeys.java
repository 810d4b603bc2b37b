package dev.keyport.adapter.persistence;

import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.PreviousValue;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class PostgresApiKeys implements ApiKeys {
    static final String COLUMNS =
            "id, owner_id, name, key_digest, disabled, created_at, last_used_at, session_generation, expires_at, previous_key_digest, previous_valid_until, previous_session_generation";

    private final Database db;
    private final KeyStateView view;

    PostgresApiKeys(Database db, KeyStateView view) {
        this.db = db;
        this.view = view;
    }

    @Override
    public KeyRing lockRing(UserId owner) {
        db.requireTransaction();
        return db.withConnection(connection -> {
            try (PreparedStatement lock =
                    connection.prepareStatement("SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE")) {
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
        Timestamp expires = row.getTimestamp("expires_at");
        String previousDigest = row.getString("previous_key_digest");
        Optional<PreviousValue> previous = previousDigest == null
                ? Optional.empty()
                : Optional.of(new PreviousValue(
                        new SecretDigest(previousDigest),
                        row.getTimestamp("previous_valid_until").toInstant(),
                        row.getLong("previous_session_generation")));
        return new ApiKey(
                new ApiKeyId(row.getString("id")),
                new UserId(row.getString("owner_id")),
                new ApiKeyName(row.getString("name")),
                new SecretDigest(row.getString("key_digest")),
                row.getBoolean("disabled"),
                row.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(lastUsed).map(Timestamp::toInstant),
                row.getLong("session_generation"),
                Optional.ofNullable(expires).map(Timestamp::toInstant),
                previous);
    }

    @Override
    public void save(KeyRing ring) {
        db.requireTransaction();
        try {
            KeyChanges.write(db, view, ring.changes());
        } catch (RuntimeException e) {
            Optional<String> constraint = ConstraintViolation.of(e);
            if (constraint.filter("api_keys_name_unique_per_owner"::equals).isPresent()) {
                throw new DuplicateKeyName(KeyChanges.firstAddedName(ring.changes()));
            }
            if (constraint.filter("api_keys_limit_per_owner"::equals).isPresent()) {
                throw new KeyLimitReached(KeyRing.MAX_KEYS);
            }
            throw e;
        }
    }

    /** From the key view when it is in step; otherwise, or on a miss, one indexed read. */
    @Override
    public Optional<ApiKey> findByDigest(SecretDigest digest) {
        // a rolled key answers to its previous value too, until that value's grace ends (checked by the login)
        return view.byDigest(
                digest, () -> selectOne("key_digest = ? OR previous_key_digest = ?", digest.hex(), digest.hex()));
    }

    /** From the key view when it is in step; otherwise, or on a miss, one read by primary key. */
    @Override
    public Optional<ApiKey> find(ApiKeyId id) {
        return view.byId(id, () -> selectOne("id = ?", id.value()));
    }

    @Override
    public Optional<ApiKey> findCurrent(ApiKeyId id) {
        return selectOne("id = ?", id.value());
    }

    /**
     * The login, refresh and introspection reads: a key whose owner an admin disabled is not found (issue 24). The
     * disabling transaction moves each of the owner's keys' generations on, so every view forgets them and asks here.
     */
    private Optional<ApiKey> selectOne(String condition, String... values) {
        return db.statement(
                "SELECT " + COLUMNS + " FROM api_keys WHERE (" + condition + ")"
                        + " AND NOT EXISTS (SELECT 1 FROM users owner WHERE owner.id = api_keys.owner_id AND owner.disabled)",
                statement -> {
                    for (int i = 0; i < values.length; i++) {
                        statement.setString(i + 1, values[i]);
                    }
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next() ? Optional.of(read(row)) : Optional.empty();
                    }
                });
    }
}
