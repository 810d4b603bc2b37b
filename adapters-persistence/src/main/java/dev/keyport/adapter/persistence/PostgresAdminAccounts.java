package dev.keyport.adapter.persistence;

import dev.keyport.application.admin.port.out.AdminAccounts;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.user.PasswordHash;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

final class PostgresAdminAccounts implements AdminAccounts {
    private final Database db;

    PostgresAdminAccounts(Database db) {
        this.db = db;
    }

    @Override
    public Optional<PasswordHash> passwordHash(String username) {
        return db.statement("SELECT password_hash FROM admin_accounts WHERE username = ?", statement -> {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new PasswordHash(row.getString(1))) : Optional.empty();
            }
        });
    }

    @Override
    public boolean addIfAbsent(String username, PasswordHash hash) {
        return db.statement(
                "INSERT INTO admin_accounts (username, password_hash) VALUES (?, ?) ON CONFLICT DO NOTHING",
                statement -> {
                    statement.setString(1, username);
                    statement.setString(2, hash.encoded());
                    return statement.executeUpdate() == 1;
                });
    }

    /** One statement, so the new hash and the end of the old sessions commit together. */
    @Override
    public void replacePassword(String username, PasswordHash hash, Instant at) {
        db.statement("""
                WITH ended AS (UPDATE admin_sessions SET ended_at = ? WHERE username = ? AND ended_at IS NULL)
                INSERT INTO admin_accounts (username, password_hash) VALUES (?, ?)
                ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash""", statement -> {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setString(2, username);
            statement.setString(3, username);
            statement.setString(4, hash.encoded());
            return statement.executeUpdate();
        });
    }

    /** Also deletes the account's sessions that expired before this one opened, so the table stays small. */
    @Override
    public void openSession(String username, SessionId session, Instant expiresAt) {
        db.statement("""
                WITH purged AS (DELETE FROM admin_sessions WHERE username = ? AND expires_at < now())
                INSERT INTO admin_sessions (id, username, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING""", statement -> {
            statement.setString(1, username);
            statement.setString(2, session.value());
            statement.setString(3, username);
            statement.setTimestamp(4, Timestamp.from(expiresAt));
            return statement.executeUpdate();
        });
    }

    @Override
    public boolean sessionIsLive(String username, SessionId session, Instant now) {
        return db.statement(
                "SELECT 1 FROM admin_sessions WHERE id = ? AND username = ? AND ended_at IS NULL AND expires_at > ?",
                statement -> {
                    statement.setString(1, session.value());
                    statement.setString(2, username);
                    statement.setTimestamp(3, Timestamp.from(now));
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next();
                    }
                });
    }

    @Override
    public void endSession(String username, SessionId session, Instant at) {
        db.statement(
                "UPDATE admin_sessions SET ended_at = ? WHERE id = ? AND username = ? AND ended_at IS NULL",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(at));
                    statement.setString(2, session.value());
                    statement.setString(3, username);
                    return statement.executeUpdate();
                });
    }
}
