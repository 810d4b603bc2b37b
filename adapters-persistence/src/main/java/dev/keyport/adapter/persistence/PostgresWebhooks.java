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
        db.statement("INSERT INTO webhook_endpoints (id, url, sealed_secret, created_at) VALUES (?, ?, ?, ?)", insert -> {
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
                    endpoints.add(new WebhookEndpoint(rows.getString(1), rows.getString(2),
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
    public void enqueue(List<NewDelivery> deliveries) {
        db.requireTransaction();
        db.statement("INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload, created_at, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", insert -> {
            for (NewDelivery delivery : deliveries) {
                insert.setString(1, delivery.id());
                insert.setString(2, delivery.endpointId());
                insert.setString(3, delivery.eventType());
                insert.setString(4, delivery.payload());
                insert.setTimestamp(5, Timestamp.from(delivery.createdAt()));
                insert.setTimestamp(6, Timestamp.from(delivery.createdAt()));
                insert.addBatch();
            }
            return insert.executeBatch();
        });
    }

    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        return db.statement("""
                UPDATE webhook_deliveries d SET leased_until = ?
                FROM webhook_endpoints e
                WHERE d.endpoint_id = e.id AND d.id IN (
                    SELECT id FROM webhook_deliveries
                    WHERE next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
                    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.endpoint_id, e.url, e.sealed_secret, d.event_type, d.payload, d.attempts""", claim -> {
            claim.setTimestamp(1, Timestamp.from(leaseUntil));
            claim.setTimestamp(2, Timestamp.from(now));
            claim.setTimestamp(3, Timestamp.from(now));
            claim.setInt(4, limit);
            try (ResultSet rows = claim.executeQuery()) {
                List<Claimed> claimed = new ArrayList<>();
                while (rows.next()) {
                    claimed.add(new Claimed(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getBytes(4), rows.getString(5), rows.getString(6), rows.getInt(7)));
                }
                return claimed;
            }
        });
    }

    private void keep(String id, int attempt, Instant at, Optional<Integer> status, Optional<String> error) {
        db.statement("INSERT INTO webhook_attempts (delivery_id, attempt, at, status, error) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", insert -> {
            insert.setString(1, id);
            insert.setInt(2, attempt);
            insert.setTimestamp(3, Timestamp.from(at));
            if (status.isPresent()) {
                insert.setInt(4, status.get());
            } else {
                insert.setNull(4, Types.INTEGER);
            }
            insert.setString(5, error.map(text -> text.length() > 500 ? text.substring(0, 500) : text).orElse(null));
            return insert.executeUpdate();
        });
    }

    @Override
    public Optional<List<WebhookAttempt>> attempts(String deliveryId) {
        return db.statement("SELECT a.attempt, a.at, a.status, a.error FROM webhook_deliveries d "
                + "LEFT JOIN webhook_attempts a ON a.delivery_id = d.id WHERE d.id = ? ORDER BY a.attempt", select -> {
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
                    attempts.add(new WebhookAttempt(number, rows.getTimestamp(2).toInstant(),
                            rows.wasNull() ? Optional.empty() : Optional.of(status), Optional.ofNullable(rows.getString(4))));
                } while (rows.next());
                return Optional.of(attempts);
            }
        });
    }

    @Override
    public void delivered(String id, int attempts, Instant at, int status) {
        keep(id, attempts, at, Optional.of(status), Optional.empty());
        db.statement("UPDATE webhook_deliveries SET attempts = ?, delivered_at = ?, last_status = ?, last_error = NULL, "
                + "next_attempt_at = NULL, leased_until = NULL WHERE id = ?", update -> {
            update.setInt(1, attempts);
            update.setTimestamp(2, Timestamp.from(at));
            update.setInt(3, status);
            update.setString(4, id);
            return update.executeUpdate();
        });
    }

    @Override
    public void failed(String id, int attempts, Instant at, Optional<Integer> status, String error, Optional<Instant> retryAt) {
        keep(id, attempts, at, status, Optional.of(error));
        db.statement("UPDATE webhook_deliveries SET attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?, "
                + "leased_until = NULL WHERE id = ?", update -> {
            update.setInt(1, attempts);
            if (status.isPresent()) {
                update.setInt(2, status.get());
            } else {
                update.setNull(2, Types.INTEGER);
            }
            update.setString(3, error.length() > 500 ? error.substring(0, 500) : error);
            update.setTimestamp(4, retryAt.map(Timestamp::from).orElse(null));
            update.setString(5, id);
            return update.executeUpdate();
        });
    }

    @Override
    public List<WebhookDelivery> latest(int limit) {
        return db.statement("SELECT id, endpoint_id, event_type, payload, created_at, attempts, next_attempt_at, "
                + "delivered_at, last_status, last_error FROM webhook_deliveries ORDER BY created_at DESC, id LIMIT ?", select -> {
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
        return new WebhookDelivery(row.getString("id"), row.getString("endpoint_id"), row.getString("event_type"),
                row.getString("payload"), row.getTimestamp("created_at").toInstant(), row.getInt("attempts"),
                Optional.ofNullable(row.getTimestamp("next_attempt_at")).map(Timestamp::toInstant),
                Optional.ofNullable(row.getTimestamp("delivered_at")).map(Timestamp::toInstant),
                lastStatus, Optional.ofNullable(row.getString("last_error")));
    }
}
