package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.admin.port.out.AdminAccounts;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.user.PasswordHash;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryAdminAccounts implements AdminAccounts {
    private record AdminSession(String username, Instant expiresAt, Optional<Instant> endedAt) {}

    private final Map<String, PasswordHash> hashes = new HashMap<>();
    private final Map<SessionId, AdminSession> sessions = new HashMap<>();

    @Override
    public synchronized Optional<PasswordHash> passwordHash(String username) {
        return Optional.ofNullable(hashes.get(username));
    }

    @Override
    public synchronized boolean addIfAbsent(String username, PasswordHash hash) {
        return hashes.putIfAbsent(username, hash) == null;
    }

    @Override
    public synchronized void replacePassword(String username, PasswordHash hash, Instant at) {
        hashes.put(username, hash);
        sessions.replaceAll((id, session) ->
                session.username().equals(username) && session.endedAt().isEmpty()
                        ? new AdminSession(username, session.expiresAt(), Optional.of(at))
                        : session);
    }

    @Override
    public synchronized void openSession(String username, SessionId session, Instant expiresAt) {
        sessions.putIfAbsent(session, new AdminSession(username, expiresAt, Optional.empty()));
    }

    @Override
    public synchronized boolean sessionIsLive(String username, SessionId session, Instant now) {
        AdminSession found = sessions.get(session);
        return found != null
                && found.username().equals(username)
                && found.endedAt().isEmpty()
                && now.isBefore(found.expiresAt());
    }

    @Override
    public synchronized void endSession(String username, SessionId session, Instant at) {
        sessions.computeIfPresent(
                session,
                (id, found) ->
                        found.username().equals(username) && found.endedAt().isEmpty()
                                ? new AdminSession(username, found.expiresAt(), Optional.of(at))
                                : found);
    }
}
