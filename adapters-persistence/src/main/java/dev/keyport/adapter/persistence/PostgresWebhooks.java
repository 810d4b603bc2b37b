package dev.keyport.adapter.persistence;

import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.domain.webhook.WebhookAttempt;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Webhook endpoints ({@code webhook_endpoints}) and the outbox ({@code webhook_deliveries}). */
final class PostgresWebhooks implements WebhookEndpoints, WebhookOutbox {
    private final Database db;

    PostgresWebhooks(Database db) {
        this.db = db;
    }

    @Override
    public void add(WebhookEndpoint endpoint, byte[] sealedSecret) {
        db.statement(
                "INSERT INTO webhook_endpoints (id, url, sealed_secret, created_at) VALUES (?, ?, ?, ?)", insert -> {
                    insert.setString(1, endpoint.id());
                    insert.setString(2, endpoint.url());
                    insert.setBytes(3, sealedSecret);
                    insert.setTimestamp(4, Timestamp.from(endpoint.createdAt()));
                    return insert.executeUpdate();
                });
    }

    @Override
    public List<WebhookEndpoint> all() {
        return db.statement("SELECT id, url, created_at FROM webhook_endpoints ORDER BY created_at, id", select -> {
            try (ResultSet rows = select.executeQuery()) {
                List<WebhookEndpoint> endpoints = new ArrayList<>();
                while (rows.next()) {
                    endpoints.add(new WebhookEndpoint(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getTimestamp(3).toInstant()));
                }
                return endpoints;
            }
        });
    }

    @Override
    public boolean remove(String id) {
        return db.statement("DELETE FROM webhook_endpoints WHERE id = ?", delete -> {
            delete.setString(1, id);
            return delete.executeUpdate() == 1;
        });
    }

    @Override
    public List<String> enqueue(List<NewDelivery> deliveries, int maxPendingPerEndpoint) {
        db.requireTransaction();
        List<String> full = new ArrayList<>();
        // the count and the insert are one statement per delivery: nothing is queued past the bound by this
        // transaction (concurrent transactions may each add one more before either commits)
        db.statement(
                "INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload, created_at, next_attempt_at) "
                        + "SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM (SELECT 1 FROM webhook_deliveries "
                        + "WHERE endpoint_id = ? AND next_attempt_at IS NOT NULL LIMIT ?) pending) < ?",
                insert -> {
                    for (NewDelivery delivery : deliveries) {
                        insert.setString(1, delivery.id());
                        insert.setString(2, delivery.endpointId());
                        insert.setString(3, delivery.eventType());
                        insert.setString(4, delivery.payload());
                        insert.setTimestamp(5, Timestamp.from(delivery.createdAt()));
                        insert.setTimestamp(6, Timestamp.from(delivery.createdAt()));
                        insert.setString(7, delivery.endpointId());
                        insert.setInt(8, maxPendingPerEndpoint);
                        insert.setInt(9, maxPendingPerEndpoint);
                        if (insert.executeUpdate() == 0) {
                            full.add(delivery.endpointId());
                        }
                    }
                    return null;
                });
        return full;
    }

    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, String leaseToken, int limit, int perEndpoint) {
        return db.statement("""
                UPDATE webhook_deliveries d SET leased_until = ?, lease_token = ?
                FROM webhook_endpoints e
                WHERE d.endpoint_id = e.id AND d.id IN (
                    SELECT id FROM webhook_deliveries
                    WHERE id IN (
                        -- the oldest due of each endpoint, at most perEndpoint each, through the index per endpoint
                        SELECT due.id FROM webhook_endpoints ep CROSS JOIN LATERAL (
                            SELECT id FROM webhook_deliveries
                            WHERE endpoint_id = ep.id AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
                            ORDER BY next_attempt_at, seq LIMIT ?) due)
                    AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
                    ORDER BY next_attempt_at, seq LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.endpoint_id, e.url, e.sealed_secret, d.event_type, d.payload, d.attempts,
                    d.next_attempt_at, d.seq""", claim -> {
            claim.setTimestamp(1, Timestamp.from(leaseUntil));
            claim.setString(2, leaseToken);
            claim.setTimestamp(3, Timestamp.from(now));
            claim.setTimestamp(4, Timestamp.from(now));
            claim.setInt(5, perEndpoint);
            claim.setTimestamp(6, Timestamp.from(now));
            claim.setTimestamp(7, Timestamp.from(now));
            claim.setInt(8, limit);
            try (ResultSet rows = claim.executeQuery()) {
                record Row(Claimed claimed, Timestamp due, long seq) {}
                List<Row> claimed = new ArrayList<>();
                while (rows.next()) {
                    claimed.add(new Row(
                            new Claimed(
                                    rows.getString(1),
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getBytes(4),
                                    rows.getString(5),
                                    rows.getString(6),
                                    rows.getInt(7)),
                            rows.getTimestamp(8),
                            rows.getLong(9)));
                }
                // RETURNING keeps no order: oldest due first, then in the order queued
                return claimed.stream()
                        .sorted(java.util.Comparator.comparing(Row::due).thenComparingLong(Row::seq))
                        .map(Row::claimed)
                        .toList();
            }
        });
    }

    @Override
    public boolean renew(String id, String leaseToken, Instant now, Instant leaseUntil) {
        return db.statement(
                "UPDATE webhook_deliveries SET leased_until = ? "
                        + "WHERE id = ? AND lease_token = ? AND leased_until > ? AND next_attempt_at IS NOT NULL",
                update -> {
                    update.setTimestamp(1, Timestamp.from(leaseUntil));
                    update.setString(2, id);
                    update.setString(3, leaseToken);
                    update.setTimestamp(4, Timestamp.from(now));
                    return update.executeUpdate() == 1;
                });
    }

    @Override
    public boolean release(String id, String leaseToken) {
        return db.statement(
                "UPDATE webhook_deliveries SET leased_until = NULL, lease_token = NULL "
                        + "WHERE id = ? AND lease_token = ?",
                update -> {
                    update.setString(1, id);
                    update.setString(2, leaseToken);
                    return update.executeUpdate() == 1;
                });
    }

    @Override
    public int prune(Instant before, int limit) {
        return db.statement(
                "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries "
                        + "WHERE next_attempt_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?)",
                delete -> {
                    delete.setTimestamp(1, Timestamp.from(before));
                    delete.setInt(2, limit);
                    return delete.executeUpdate();
                });
    }

    /**
     * Records one attempt and the delivery's new state in one statement, only while {@code leaseToken} holds a
     * lease that has not run out at {@code at}: a late outcome from an instance that lost its lease changes nothing.
     */
    private boolean record(
            String id,
            String leaseToken,
            int attempt,
            Instant at,
            Optional<Integer> status,
            Optional<String> error,
            Optional<Instant> nextAttemptAt,
            boolean delivered) {
        return db.statement("""
                WITH moved AS (
                    UPDATE webhook_deliveries SET attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
                        delivered_at = ?, leased_until = NULL, lease_token = NULL
                    WHERE id = ? AND lease_token = ? AND leased_until >= ? AND next_attempt_at IS NOT NULL
                    RETURNING id),
                kept AS (
                    INSERT INTO webhook_attempts (delivery_id, attempt, at, status, error)
                    SELECT id, ?, ?, ?, ? FROM moved ON CONFLICT DO NOTHING)
                SELECT count(*) FROM moved""", statement -> {
            String text =
                    error.map(e -> e.length() > 500 ? e.substring(0, 500) : e).orElse(null);
            statement.setInt(1, attempt);
            setStatus(statement, 2, status);
            statement.setString(3, text);
            statement.setTimestamp(4, nextAttemptAt.map(Timestamp::from).orElse(null));
            statement.setTimestamp(5, delivered ? Timestamp.from(at) : null);
            statement.setString(6, id);
            statement.setString(7, leaseToken);
            statement.setTimestamp(8, Timestamp.from(at));
            statement.setInt(9, attempt);
            statement.setTimestamp(10, Timestamp.from(at));
            setStatus(statement, 11, status);
            statement.setString(12, text);
            try (ResultSet moved = statement.executeQuery()) {
                return moved.next() && moved.getLong(1) == 1;
            }
        });
    }

    private static void setStatus(java.sql.PreparedStatement statement, int index, Optional<Integer> status)
            throws SQLException {
        if (status.isPresent()) {
            statement.setInt(index, status.get());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    @Override
    public Optional<List<WebhookAttempt>> attempts(String deliveryId) {
        return db.statement(
                "SELECT a.attempt, a.at, a.status, a.error FROM webhook_deliveries d "
                        + "LEFT JOIN webhook_attempts a ON a.delivery_id = d.id WHERE d.id = ? ORDER BY a.attempt",
                select -> {
                    select.setString(1, deliveryId);
                    try (ResultSet rows = select.executeQuery()) {
                        if (!rows.next()) {
                            return Optional.empty();
                        }
                        List<WebhookAttempt> attempts = new ArrayList<>();
                        do {
                            int number = rows.getInt(1);
                            if (rows.wasNull()) {
                                break; // the delivery, not attempted yet
                            }
                            int status = rows.getInt(3);
                            attempts.add(new WebhookAttempt(
                                    number,
                                    rows.getTimestamp(2).toInstant(),
                                    rows.wasNull() ? Optional.empty() : Optional.of(status),
                                    Optional.ofNullable(rows.getString(4))));
                        } while (rows.next());
                        return Optional.of(attempts);
                    }
                });
    }

    @Override
    public boolean delivered(String id, String leaseToken, int attempts, Instant at, int status) {
        return record(id, leaseToken, attempts, at, Optional.of(status), Optional.empty(), Optional.empty(), true);
    }

    @Override
    public boolean failed(
            String id,
            String leaseToken,
            int attempts,
            Instant at,
            Optional<Integer> status,
            String error,
            Optional<Instant> retryAt) {
        return record(id, leaseToken, attempts, at, status, Optional.of(error), retryAt, false);
    }

    @Override
    public List<WebhookDelivery> latest(int limit) {
        return db.statement(
                "SELECT id, endpoint_id, event_type, payload, created_at, attempts, next_attempt_at, "
                        + "delivered_at, last_status, last_error FROM webhook_deliveries ORDER BY created_at DESC, id LIMIT ?",
                select -> {
                    select.setInt(1, limit);
                    try (ResultSet rows = select.executeQuery()) {
                        List<WebhookDelivery> deliveries = new ArrayList<>();
                        while (rows.next()) {
                            deliveries.add(read(rows));
                        }
                        return deliveries;
                    }
                });
    }

    private static WebhookDelivery read(ResultSet row) throws SQLException {
        int status = row.getInt("last_status");
        Optional<Integer> lastStatus = row.wasNull() ? Optional.empty() : Optional.of(status);
        return new WebhookDelivery(
                row.getString("id"),
                row.getString("endpoint_id"),
                row.getString("event_type"),
                row.getString("payload"),
                row.getTimestamp("created_at").toInstant(),
                row.getInt("attempts"),
                Optional.ofNullable(row.getTimestamp("next_attempt_at")).map(Timestamp::toInstant),
                Optional.ofNullable(row.getTimestamp("delivered_at")).map(Timestamp::toInstant),
                lastStatus,
                Optional.ofNullable(row.getString("last_error")));
    }
}
