package dev.keyport.adapter.persistence;

import dev.keyport.application.userkeys.port.out.ApiKeyUsage;
import dev.keyport.domain.id.ApiKeyId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records {@code last_used_at} without a write on the login path: logins only note the latest use
 * of each key in memory, and a background task writes all noted keys in one UPDATE every
 * {@code keyport.api-key-usage.flush-interval} (default 5 s). A recorded time is therefore at most
 * one interval stale, and uses noted in the last interval before a crash are lost (the time only
 * ever moves forward: GREATEST keeps the newest of concurrent instances' writes). A flush that fails
 * (the database is down) puts its batch back, and the next flush writes it.
 */
final class BatchedApiKeyUsage implements ApiKeyUsage, AutoCloseable {
    private final Database db;
    private final ConcurrentHashMap<ApiKeyId, Instant> pending = new ConcurrentHashMap<>();
    private final PeriodicFlush flusher;

    BatchedApiKeyUsage(Database db, Duration flushInterval) {
        this.db = db;
        this.flusher = new PeriodicFlush("api-key-usage", flushInterval, this::flush);
    }

    @Override
    public void recordUse(ApiKeyId key, Instant at) {
        pending.merge(key, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** Writes every noted use now; returns how many keys were written. On failure the uses stay noted. */
    int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<ApiKeyId, Instant> batch = new HashMap<>();
        for (ApiKeyId key : pending.keySet()) {
            Instant at = pending.remove(key);
            if (at != null) {
                batch.put(key, at);
            }
        }
        String[] ids = batch.keySet().stream().map(ApiKeyId::value).toArray(String[]::new);
        Timestamp[] times = batch.keySet().stream()
                .map(key -> Timestamp.from(batch.get(key)))
                .toArray(Timestamp[]::new);
        try {
            return db.withConnection(connection -> {
                try (var update = connection.prepareStatement("""
                        UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
                        FROM unnest(?::text[], ?::timestamptz[]) AS u(id, used_at) WHERE k.id = u.id""")) {
                    update.setArray(1, connection.createArrayOf("text", ids));
                    update.setArray(2, connection.createArrayOf("timestamptz", times));
                    return update.executeUpdate();
                }
            });
        } catch (RuntimeException notWritten) {
            batch.forEach(this::recordUse); // merged with uses noted meanwhile: the newest time wins
            throw notWritten;
        }
    }

    PostgresStore.WriterBacklog backlog() {
        return new PostgresStore.WriterBacklog(pending.size(), flusher.failures(), 0);
    }

    @Override
    public void close() {
        flusher.close();
    }
}
