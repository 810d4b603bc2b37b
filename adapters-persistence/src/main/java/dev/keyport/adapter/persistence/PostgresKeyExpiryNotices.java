package dev.keyport.adapter.persistence;

import dev.keyport.application.webhooks.port.out.KeyExpiryNotices;
import dev.keyport.domain.apikey.ApiKey;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The announcements made of keys' expiries, in {@code key_expiry_notices}. */
final class PostgresKeyExpiryNotices implements KeyExpiryNotices {
    private final Database db;

    PostgresKeyExpiryNotices(Database db) {
        this.db = db;
    }

    private static String name(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<ApiKey> unannounced(Kind kind, Instant after, Instant until, int limit) {
        return db.statement(
                "SELECT " + PostgresApiKeys.COLUMNS + " FROM api_keys k WHERE k.expires_at > ? AND k.expires_at <= ? "
                        + "AND NOT EXISTS (SELECT 1 FROM key_expiry_notices n WHERE n.key_id = k.id AND n.kind = ?) "
                        + "ORDER BY k.expires_at LIMIT ?",
                select -> {
                    select.setTimestamp(1, Timestamp.from(after));
                    select.setTimestamp(2, Timestamp.from(until));
                    select.setString(3, name(kind));
                    select.setInt(4, limit);
                    try (ResultSet rows = select.executeQuery()) {
                        List<ApiKey> keys = new ArrayList<>();
                        while (rows.next()) {
                            keys.add(PostgresApiKeys.read(rows));
                        }
                        return keys;
                    }
                });
    }

    @Override
    public boolean claim(ApiKey key, Kind kind, Instant at) {
        db.requireTransaction();
        return db.statement(
                "INSERT INTO key_expiry_notices (key_id, kind, announced_at) SELECT ?, ?, ? "
                        + "WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ?) ON CONFLICT DO NOTHING",
                insert -> {
                    insert.setString(1, key.id().value());
                    insert.setString(2, name(kind));
                    insert.setTimestamp(3, Timestamp.from(at));
                    insert.setString(4, key.id().value());
                    return insert.executeUpdate() == 1;
                });
    }
}
