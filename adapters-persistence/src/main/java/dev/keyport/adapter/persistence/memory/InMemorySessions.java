package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.session.Session;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class InMemorySessions implements Sessions {
    private final InMemoryDatabase db;

    public InMemorySessions(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void add(Session session) {
        db.locked(() -> {
            if (!db.users.containsKey(session.userId())) {
                throw new dev.keyport.domain.error.InvalidSession("the user no longer exists");
            }
            if (db.disabledUsers.contains(session.userId())) {
                throw new dev.keyport.domain.error.UserDisabled();
            }
            return db.sessions.put(session.id(), session);
        });
    }

    @Override
    public Optional<Session> find(SessionId id) {
        return db.locked(() -> Optional.ofNullable(db.sessions.get(id)));
    }

    @Override
    public Optional<Session> findByRefreshToken(SecretDigest refreshTokenDigest) {
        return db.locked(() -> db.sessions.values().stream()
                .filter(session -> session.refreshTokenDigest().equals(refreshTokenDigest))
                .findFirst());
    }

    @Override
    public boolean remove(SessionId id) {
        return db.locked(() -> db.sessions.remove(id) != null);
    }

    @Override
    public int removeAllOf(UserId user) {
        return db.locked(() -> {
            int before = db.sessions.size();
            db.sessions.values().removeIf(session -> session.userId().equals(user));
            return before - db.sessions.size();
        });
    }

    @Override
    public int removeAllOpenedWith(ApiKeyId key) {
        return db.locked(() -> {
            int before = db.sessions.size();
            db.sessions.values().removeIf(session -> session.wasOpenedWith(key));
            return before - db.sessions.size();
        });
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        return db.locked(() -> {
            List<SessionId> expired = db.sessions.values().stream()
                    .filter(session -> !session.isLiveAt(now))
                    .map(Session::id)
                    .limit(limit)
                    .toList();
            expired.forEach(db.sessions::remove);
            return expired.size();
        });
    }
}
