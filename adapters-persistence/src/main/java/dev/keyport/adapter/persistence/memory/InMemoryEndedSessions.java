package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.login.port.out.EndedSessions;
import dev.keyport.domain.id.SessionId;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Ended key sessions in memory. */
public final class InMemoryEndedSessions implements EndedSessions {
    private final ConcurrentHashMap<SessionId, Instant> ended = new ConcurrentHashMap<>();

    @Override
    public boolean end(SessionId session, Instant expiresAt) {
        return ended.putIfAbsent(session, expiresAt) == null;
    }

    @Override
    public boolean hasEnded(SessionId session) {
        return ended.containsKey(session);
    }

    @Override
    public int removeExpired(Instant now, int limit) {
        int removed = 0;
        for (var entry : ended.entrySet()) {
            if (removed < limit && !entry.getValue().isAfter(now) && ended.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }
}
