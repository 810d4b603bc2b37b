package dev.keyport.adapter.persistence;

import dev.keyport.application.sessions.port.out.EndedSessions;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Logged-out key sessions in {@code ended_sessions}, each with its key. Recording one is a committed insert, applied to
 * this instance's {@link KeyStateView} before the logout is answered; the table's trigger tells the
 * other instances. Checking one is answered from the view while it is in step.
 */
final class PostgresEndedSessions implements EndedSessions {
    private final Database db;
    private final KeyStateView view;

    PostgresEndedSessions(Database db, KeyStateView view) {
        this.db = db;
        this.view = view;
    }

    @Override
    public boolean end(SessionId session, ApiKeyId key, Instant expiresAt) {
        boolean recorded = db.statement(
                "INSERT INTO ended_sessions (id, expires_at, key_id) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                statement -> {
                    statement.setString(1, session.value());
                    statement.setTimestamp(2, Timestamp.from(expiresAt));
                    statement.setString(3, key.value());
                    return statement.executeUpdate() == 1;
                });
        db.afterCommit(() -> view.sessionEnded(session, key, expiresAt));
        return recorded;
    }

    @Override
    public boolean hasEnded(ApiKeyId key, SessionId session) {
        return view.hasEnded(
                key,
                session,
                () -> db.statement("SELECT 1 FROM ended_sessions WHERE id = ?", statement -> {
                    statement.setString(1, session.value());
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next();
                    }
                }));
    }

    @Override
    public int countOf(ApiKeyId key) {
        return db.statement("SELECT count(*) FROM ended_sessions WHERE key_id = ? AND NOT swept", statement -> {
            statement.setString(1, key.value());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        });
    }

    @Override
    public void forgetAllOf(ApiKeyId key) {
        // The previous round goes; this round stays one round more, for whoever still holds the key as it was.
        db.statement("DELETE FROM ended_sessions WHERE key_id = ? AND swept", statement -> {
            statement.setString(1, key.value());
            return statement.executeUpdate();
        });
        db.statement("UPDATE ended_sessions SET swept = true WHERE key_id = ? AND NOT swept", statement -> {
            statement.setString(1, key.value());
            return statement.executeUpdate();
        });
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        return db.deleteExpired("ended_sessions", now, limit);
    }
}
