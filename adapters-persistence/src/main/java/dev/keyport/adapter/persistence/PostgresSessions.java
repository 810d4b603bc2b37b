package dev.keyport.adapter.persistence;

import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.session.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Stored sessions (password and anonymous logins, and key sessions from before ADR 0008). */
final class PostgresSessions implements Sessions {
    private static final String COLUMNS = "id, user_id, device_id, refresh_digest, api_key_id, created_at, expires_at";

    private final Database db;

    PostgresSessions(Database db) {
        this.db = db;
    }

    @Override
    public void add(Session session) {
        try {
            db.statement("INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", statement -> {
                bind(statement, session);
                statement.setString(5, session.apiKeyId().map(ApiKeyId::value).orElse(null));
                return statement.executeUpdate();
            });
        } catch (RuntimeException e) {
            // V17's trigger: the user is disabled (decided under the user's row lock); the FK: the user is gone
            Optional<String> constraint = ConstraintViolation.of(e);
            if (constraint.filter("sessions_user_not_disabled"::equals).isPresent()) {
                throw new dev.keyport.domain.error.UserDisabled();
            }
            if (constraint.filter("sessions_user_id_fkey"::equals).isPresent()) {
                throw new dev.keyport.domain.error.InvalidSession("the user no longer exists");
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, Session session) throws SQLException {
        statement.setString(1, session.id().value());
        statement.setString(2, session.userId().value());
        statement.setString(3, session.deviceId().value());
        statement.setString(4, session.refreshTokenDigest().hex());
        statement.setTimestamp(6, Timestamp.from(session.createdAt()));
        statement.setTimestamp(7, Timestamp.from(session.expiresAt()));
    }

    @Override
    public Optional<Session> find(SessionId id) {
        return selectOne("SELECT " + COLUMNS + " FROM sessions WHERE id = ?", id.value());
    }

    @Override
    public Optional<Session> findByRefreshToken(SecretDigest refreshTokenDigest) {
        return selectOne("SELECT " + COLUMNS + " FROM sessions WHERE refresh_digest = ?", refreshTokenDigest.hex());
    }

    private Optional<Session> selectOne(String sql, String parameter) {
        return db.statement(sql, statement -> {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Session(
                        new SessionId(row.getString("id")),
                        new UserId(row.getString("user_id")),
                        new DeviceId(row.getString("device_id")),
                        new SecretDigest(row.getString("refresh_digest")),
                        Optional.ofNullable(row.getString("api_key_id")).map(ApiKeyId::new),
                        row.getTimestamp("created_at").toInstant(),
                        row.getTimestamp("expires_at").toInstant()));
            }
        });
    }

    @Override
    public boolean remove(SessionId id) {
        return db.statement("DELETE FROM sessions WHERE id = ?", statement -> {
            statement.setString(1, id.value());
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public int removeAllOf(UserId user) {
        return db.statement("DELETE FROM sessions WHERE user_id = ?", statement -> {
            statement.setString(1, user.value());
            return statement.executeUpdate();
        });
    }

    @Override
    public int removeAllOpenedWith(ApiKeyId key) {
        return db.statement("DELETE FROM sessions WHERE api_key_id = ?", statement -> {
            statement.setString(1, key.value());
            return statement.executeUpdate();
        });
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        return db.deleteExpired("sessions", now, limit);
    }
}
