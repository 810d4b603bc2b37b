package dev.keyport.adapter.persistence;

import dev.keyport.application.signingkeys.port.out.StoredTokenKey;
import dev.keyport.application.signingkeys.port.out.TokenKeySet;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The HMAC keys of refresh and admin tokens, in {@code token_keys} (migration V14); the keys arrive sealed. */
final class PostgresTokenKeySet implements TokenKeySet {
    private final Database db;

    PostgresTokenKeySet(Database db) {
        this.db = db;
    }

    @Override
    public List<StoredTokenKey> all() {
        return db.withConnection(connection -> {
            try (var select = connection.prepareStatement(
                            "SELECT kid, sealed_key, created_at, signs_from, verify_until, legacy FROM token_keys");
                    ResultSet rows = select.executeQuery()) {
                List<StoredTokenKey> keys = new ArrayList<>();
                while (rows.next()) {
                    Timestamp until = rows.getTimestamp(5);
                    keys.add(new StoredTokenKey(
                            rows.getString(1),
                            rows.getBytes(2),
                            rows.getTimestamp(3).toInstant(),
                            rows.getTimestamp(4).toInstant(),
                            Optional.ofNullable(until).map(Timestamp::toInstant),
                            rows.getBoolean(6)));
                }
                return keys;
            }
        });
    }

    @Override
    public void lock() {
        db.requireTransaction();
        db.withConnection(connection -> {
            try (var lock = connection.createStatement()) {
                lock.execute("LOCK TABLE token_keys IN SHARE ROW EXCLUSIVE MODE");
            }
            return null;
        });
    }

    @Override
    public void add(StoredTokenKey key) {
        db.statement(
                "INSERT INTO token_keys (kid, sealed_key, created_at, signs_from, verify_until, legacy) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                insert -> {
                    insert.setString(1, key.kid());
                    insert.setBytes(2, key.sealedKey());
                    insert.setTimestamp(3, Timestamp.from(key.createdAt()));
                    insert.setTimestamp(4, Timestamp.from(key.signsFrom()));
                    insert.setTimestamp(
                            5, key.verifyUntil().map(Timestamp::from).orElse(null));
                    insert.setBoolean(6, key.legacy());
                    return insert.executeUpdate();
                });
    }

    @Override
    public void verifyOnlyUntil(String kid, Instant until) {
        db.statement("UPDATE token_keys SET verify_until = ? WHERE kid = ?", update -> {
            update.setTimestamp(1, Timestamp.from(until));
            update.setString(2, kid);
            return update.executeUpdate();
        });
    }

    @Override
    public void remove(String kid) {
        db.statement("DELETE FROM token_keys WHERE kid = ?", delete -> {
            delete.setString(1, kid);
            return delete.executeUpdate();
        });
    }
}
