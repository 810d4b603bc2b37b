package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.sessions.port.out.EndedSessions;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Ended key sessions in memory. */
public final class InMemoryEndedSessions implements EndedSessions {
    private record Ended(ApiKeyId key, Instant expiresAt, boolean swept) {}

    private final ConcurrentHashMap<SessionId, Ended> ended = new ConcurrentHashMap<>();

    @Override
    public boolean end(SessionId session, ApiKeyId key, Instant expiresAt) {
        return ended.putIfAbsent(session, new Ended(key, expiresAt, false)) == null;
    }

    @Override
    public boolean hasEnded(ApiKeyId key, SessionId session) {
        return ended.containsKey(session);
    }

    @Override
    public int countOf(ApiKeyId key) {
        return (int) ended.values().stream()
                .filter(record -> record.key().equals(key) && !record.swept())
                .count();
    }

    @Override
    public void forgetAllOf(ApiKeyId key) {
        ended.values().removeIf(record -> record.key().equals(key) && record.swept()); // the previous round
        ended.replaceAll(
                (session, record) -> record.key().equals(key) ? new Ended(key, record.expiresAt(), true) : record);
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        int removed = 0;
        for (var entry : ended.entrySet()) {
            if (removed < limit
                    && !entry.getValue().expiresAt().isAfter(now)
                    && ended.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }
}
