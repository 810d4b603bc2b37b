package dev.keyport.adapter.persistence;

import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in {@code audit_events}. An event recorded inside a use-case transaction (a key
 * created, disabled or deleted, a provider switched, sessions revoked) is inserted at once on the
 * transaction's connection, so it commits or rolls back with the change it records. An event recorded
 * outside one (logins, which must write nothing) waits in memory, and one multi-row INSERT writes such
 * events every {@code keyport.audit.flush-interval} (default 100 ms): reading the trail writes what is
 * pending first; login events still in memory when the process is killed (not stopped) are lost, at
 * most one interval's worth; at most {@code keyport.audit.max-pending} (default 100,000) wait, beyond
 * that new ones are dropped and counted in the log, so a flood of refused logins cannot exhaust memory
 * while the database is down.
 */
final class PostgresAuditTrail implements AuditTrail, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresAuditTrail.class);

    private final Database db;
    private final int maxPending;
    private final ConcurrentLinkedQueue<AuditEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicLong droppedSinceStart = new AtomicLong();
    private final PeriodicFlush flusher;

    PostgresAuditTrail(Database db, Duration flushInterval, int maxPending) {
        this.db = db;
        this.maxPending = maxPending;
        this.flusher = new PeriodicFlush("audit-trail", flushInterval, this::flush);
    }

    @Override
    public void record(AuditEvent event) {
        if (db.inTransaction()) {
            insert(List.of(event));
            return;
        }
        if (pendingCount.incrementAndGet() > maxPending) {
            pendingCount.decrementAndGet();
            dropped.incrementAndGet();
            droppedSinceStart.incrementAndGet();
            return;
        }
        pending.add(event);
    }

    /** Writes every pending event now; returns how many were written. */
    synchronized int flush() {
        int lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warn("{} audit events were dropped: more than {} were waiting to be written", lost, maxPending);
        }
        List<AuditEvent> batch = new ArrayList<>();
        for (AuditEvent event = pending.peek(); event != null && batch.size() < 10_000; event = pending.peek()) {
            batch.add(event);
            pending.poll();
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            insert(batch);
        } catch (RuntimeException e) {
            pending.addAll(batch); // keep them for the next attempt (order among retried events may change)
            throw e;
        }
        pendingCount.addAndGet(-batch.size());
        return batch.size();
    }

    /** Inserts the events in one statement, on the current transaction's connection if there is one. */
    private void insert(List<AuditEvent> events) {
        db.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO audit_events (at, actor, action, target, detail)
                    SELECT * FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[])""")) {
                insert.setArray(
                        1,
                        connection.createArrayOf(
                                "timestamptz",
                                events.stream().map(e -> Timestamp.from(e.at())).toArray()));
                insert.setArray(
                        2,
                        texts(
                                connection,
                                events.stream().map(e -> e.actor().label()).toList()));
                insert.setArray(
                        3,
                        texts(
                                connection,
                                events.stream().map(e -> e.action().code()).toList()));
                insert.setArray(
                        4,
                        texts(
                                connection,
                                events.stream().map(e -> e.target().label()).toList()));
                insert.setArray(
                        5,
                        texts(
                                connection,
                                events.stream().map(AuditEvent::detail).toList()));
                return insert.executeUpdate();
            }
        });
    }

    private static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    @Override
    public List<AuditEvent> latest(int limit) {
        flush();
        return db.statement(
                "SELECT at, actor, action, target, detail FROM audit_events ORDER BY at DESC, id DESC LIMIT ?",
                statement -> {
                    statement.setInt(1, limit);
                    try (ResultSet rows = statement.executeQuery()) {
                        List<AuditEvent> events = new ArrayList<>();
                        while (rows.next()) {
                            events.add(new AuditEvent(
                                    rows.getTimestamp("at").toInstant(),
                                    AuditActor.parse(rows.getString("actor")),
                                    AuditAction.valueOf(rows.getString("action")
                                            .replace('.', '_')
                                            .toUpperCase(Locale.ROOT)),
                                    AuditTarget.parse(rows.getString("target")),
                                    rows.getString("detail")));
                        }
                        return events;
                    }
                });
    }

    PostgresStore.WriterBacklog backlog() {
        return new PostgresStore.WriterBacklog(pendingCount.get(), flusher.failures(), droppedSinceStart.get());
    }

    @Override
    public void close() {
        flusher.close();
    }
}
