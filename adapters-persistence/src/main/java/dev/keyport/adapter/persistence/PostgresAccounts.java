package dev.keyport.adapter.persistence;

import dev.keyport.application.accounts.port.out.AccountMailRequests;
import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.accounts.port.out.MailOutbox;
import dev.keyport.application.accounts.port.out.PasswordResets;
import dev.keyport.application.accounts.port.out.PendingRegistrations;
import dev.keyport.domain.account.AccountToken;
import dev.keyport.domain.account.PasswordReset;
import dev.keyport.domain.account.PendingRegistration;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.PasswordHash;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The PostgreSQL side of confirmation and reset (ADR 0022, migrations V18 and V19). */
final class PostgresAccounts {
    private PostgresAccounts() {}

    static AccountPorts over(Database db) {
        return new AccountPorts(new Registrations(db), new Resets(db), new MailRequests(db), new Outbox(db));
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    static final class Registrations implements PendingRegistrations {
        private static final String COLUMNS =
                "email, user_id, password_hash, token_id, token_digest, token_expires_at, created_at";
        private final Database db;

        Registrations(Database db) {
            this.db = db;
        }

        @Override
        public void add(PendingRegistration registration) {
            try {
                db.statement(
                        "INSERT INTO pending_registrations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", insert -> {
                            insert.setString(1, registration.email().value());
                            insert.setString(2, registration.userId().value());
                            insert.setString(3, registration.passwordHash().encoded());
                            insert.setString(4, registration.token().tokenId());
                            insert.setString(5, registration.token().digest().hex());
                            insert.setTimestamp(6, ts(registration.token().expiresAt()));
                            insert.setTimestamp(7, ts(registration.createdAt()));
                            return insert.executeUpdate();
                        });
            } catch (RuntimeException e) {
                if (ConstraintViolation.of(e)
                        .filter("pending_registrations_pkey"::equals)
                        .isPresent()) {
                    throw new EmailAlreadyRegistered();
                }
                throw e;
            }
        }

        @Override
        public Optional<PendingRegistration> find(Email email) {
            return one("SELECT " + COLUMNS + " FROM pending_registrations WHERE email = ?", email.value());
        }

        @Override
        public Optional<PendingRegistration> findByTokenId(String tokenId) {
            return one("SELECT " + COLUMNS + " FROM pending_registrations WHERE token_id = ? FOR UPDATE", tokenId);
        }

        private Optional<PendingRegistration> one(String sql, String value) {
            return db.statement(sql, query -> {
                query.setString(1, value);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            });
        }

        private static PendingRegistration read(ResultSet row) throws SQLException {
            return new PendingRegistration(
                    new Email(row.getString(1)),
                    new UserId(row.getString(2)),
                    new PasswordHash(row.getString(3)),
                    new AccountToken.Stored(
                            row.getString(4),
                            new SecretDigest(row.getString(5)),
                            row.getTimestamp(6).toInstant()),
                    row.getTimestamp(7).toInstant());
        }

        @Override
        public boolean replaceToken(Email email, AccountToken.Stored token) {
            return db.statement(
                    "UPDATE pending_registrations SET token_id = ?, token_digest = ?, token_expires_at = ? "
                            + "WHERE email = ?",
                    update -> {
                        update.setString(1, token.tokenId());
                        update.setString(2, token.digest().hex());
                        update.setTimestamp(3, ts(token.expiresAt()));
                        update.setString(4, email.value());
                        return update.executeUpdate() == 1;
                    });
        }

        @Override
        public boolean remove(Email email) {
            db.requireTransaction();
            return db.statement("DELETE FROM pending_registrations WHERE email = ?", delete -> {
                delete.setString(1, email.value());
                return delete.executeUpdate() == 1;
            });
        }

        @Override
        public List<PendingRegistration> list(int limit) {
            return db.statement(
                    "SELECT " + COLUMNS + " FROM pending_registrations ORDER BY created_at, email LIMIT ?", query -> {
                        query.setInt(1, limit);
                        List<PendingRegistration> found = new ArrayList<>();
                        try (ResultSet row = query.executeQuery()) {
                            while (row.next()) {
                                found.add(read(row));
                            }
                        }
                        return found;
                    });
        }
    }

    static final class Resets implements PasswordResets {
        private final Database db;

        Resets(Database db) {
            this.db = db;
        }

        @Override
        public void replace(PasswordReset reset) {
            db.statement("""
                    INSERT INTO password_resets (token_id, user_id, token_digest, expires_at, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET token_id = EXCLUDED.token_id, token_digest = EXCLUDED.token_digest,
                        expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at""", insert -> {
                insert.setString(1, reset.token().tokenId());
                insert.setString(2, reset.userId().value());
                insert.setString(3, reset.token().digest().hex());
                insert.setTimestamp(4, ts(reset.token().expiresAt()));
                insert.setTimestamp(5, ts(reset.createdAt()));
                return insert.executeUpdate();
            });
        }

        @Override
        public Optional<PasswordReset> take(String tokenId) {
            db.requireTransaction();
            return db.statement(
                    "DELETE FROM password_resets WHERE token_id = ? "
                            + "RETURNING user_id, token_id, token_digest, expires_at, created_at",
                    delete -> {
                        delete.setString(1, tokenId);
                        try (ResultSet row = delete.executeQuery()) {
                            return row.next() ? Optional.of(read(row)) : Optional.empty();
                        }
                    });
        }

        private static PasswordReset read(ResultSet row) throws SQLException {
            return new PasswordReset(
                    new UserId(row.getString(1)),
                    new AccountToken.Stored(
                            row.getString(2),
                            new SecretDigest(row.getString(3)),
                            row.getTimestamp(4).toInstant()),
                    row.getTimestamp(5).toInstant());
        }

        @Override
        public void removeAllOf(UserId user) {
            db.statement("DELETE FROM password_resets WHERE user_id = ?", delete -> {
                delete.setString(1, user.value());
                return delete.executeUpdate();
            });
        }

        @Override
        public Optional<PasswordReset> current(UserId user) {
            return db.statement(
                    "SELECT user_id, token_id, token_digest, expires_at, created_at FROM password_resets "
                            + "WHERE user_id = ?",
                    query -> {
                        query.setString(1, user.value());
                        try (ResultSet row = query.executeQuery()) {
                            return row.next() ? Optional.of(read(row)) : Optional.empty();
                        }
                    });
        }

        @Override
        public int removeExpired(Instant now, int limit) {
            return db.statement(
                    "DELETE FROM password_resets WHERE token_id IN "
                            + "(SELECT token_id FROM password_resets WHERE expires_at <= ? LIMIT ?)",
                    delete -> {
                        delete.setTimestamp(1, ts(now));
                        delete.setInt(2, limit);
                        return delete.executeUpdate();
                    });
        }
    }

    static final class MailRequests implements AccountMailRequests {
        private final Database db;

        MailRequests(Database db) {
            this.db = db;
        }

        @Override
        public void request(Email email, Kind kind, Instant at) {
            db.statement(
                    "INSERT INTO account_mail_requests (email, kind, requested_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (email, kind) DO NOTHING",
                    insert -> {
                        insert.setString(1, email.value());
                        insert.setString(2, kind.name().toLowerCase(Locale.ROOT));
                        insert.setTimestamp(3, ts(at));
                        return insert.executeUpdate();
                    });
        }

        @Override
        public List<Request> take(int limit) {
            db.requireTransaction();
            return db.statement("""
                    DELETE FROM account_mail_requests WHERE (email, kind) IN (
                        SELECT email, kind FROM account_mail_requests ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING email, kind, requested_at, seq""", delete -> {
                delete.setInt(1, limit);
                record Row(Request request, long seq) {}
                List<Row> rows = new ArrayList<>();
                try (ResultSet row = delete.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Row(
                                new Request(
                                        new Email(row.getString(1)),
                                        Kind.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
                                        row.getTimestamp(3).toInstant()),
                                row.getLong(4)));
                    }
                }
                return rows.stream()
                        .sorted(Comparator.comparingLong(Row::seq))
                        .map(Row::request)
                        .toList();
            });
        }
    }

    static final class Outbox implements MailOutbox {
        private final Database db;

        Outbox(Database db) {
            this.db = db;
        }

        @Override
        public void enqueue(NewMail mail) {
            db.requireTransaction();
            db.statement(
                    "INSERT INTO mail_outbox (id, recipient, subject, sealed_body, created_at, next_attempt_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)",
                    insert -> {
                        insert.setString(1, mail.id());
                        insert.setString(2, mail.recipient());
                        insert.setString(3, mail.subject());
                        insert.setBytes(4, mail.sealedBody());
                        insert.setTimestamp(5, ts(mail.createdAt()));
                        insert.setTimestamp(6, ts(mail.createdAt()));
                        return insert.executeUpdate();
                    });
        }

        @Override
        public List<Claimed> claimDue(Instant now, Instant leaseUntil, String leaseToken, int limit) {
            return db.statement("""
                    UPDATE mail_outbox SET leased_until = ?, lease_token = ?
                    WHERE id IN (SELECT id FROM mail_outbox
                        WHERE next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
                        ORDER BY next_attempt_at, seq LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING id, recipient, subject, sealed_body, attempts, next_attempt_at, seq""", claim -> {
                claim.setTimestamp(1, ts(leaseUntil));
                claim.setString(2, leaseToken);
                claim.setTimestamp(3, ts(now));
                claim.setTimestamp(4, ts(now));
                claim.setInt(5, limit);
                record Row(Claimed claimed, Timestamp due, long seq) {}
                List<Row> rows = new ArrayList<>();
                try (ResultSet row = claim.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Row(
                                new Claimed(
                                        row.getString(1),
                                        row.getString(2),
                                        row.getString(3),
                                        row.getBytes(4),
                                        row.getInt(5)),
                                row.getTimestamp(6),
                                row.getLong(7)));
                    }
                }
                return rows.stream()
                        .sorted(Comparator.comparing(Row::due).thenComparingLong(Row::seq))
                        .map(Row::claimed)
                        .toList();
            });
        }

        @Override
        public boolean sent(String id, String leaseToken, Instant at) {
            return db.statement("""
                    UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, next_attempt_at = NULL, sealed_body = NULL,
                        leased_until = NULL, lease_token = NULL, last_error = NULL
                    WHERE id = ? AND lease_token = ? AND leased_until > ? AND next_attempt_at IS NOT NULL""", update -> {
                update.setTimestamp(1, ts(at));
                update.setString(2, id);
                update.setString(3, leaseToken);
                update.setTimestamp(4, ts(at));
                return update.executeUpdate() == 1;
            });
        }

        @Override
        public boolean failed(
                String id, String leaseToken, int attempts, Instant at, String error, Optional<Instant> retryAt) {
            return db.statement("""
                    UPDATE mail_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?,
                        sealed_body = CASE WHEN ? THEN sealed_body END, leased_until = NULL, lease_token = NULL
                    WHERE id = ? AND lease_token = ? AND leased_until > ? AND next_attempt_at IS NOT NULL""", update -> {
                update.setInt(1, attempts);
                update.setString(2, error.length() > 500 ? error.substring(0, 500) : error);
                update.setTimestamp(3, retryAt.map(Timestamp::from).orElse(null));
                update.setBoolean(4, retryAt.isPresent());
                update.setString(5, id);
                update.setString(6, leaseToken);
                update.setTimestamp(7, ts(at));
                return update.executeUpdate() == 1;
            });
        }

        @Override
        public List<Pending> pending(int limit) {
            return db.statement(
                    "SELECT id, recipient, subject, sealed_body, created_at, attempts, last_error "
                            + "FROM mail_outbox WHERE next_attempt_at IS NOT NULL ORDER BY created_at, seq LIMIT ?",
                    query -> {
                        query.setInt(1, limit);
                        List<Pending> found = new ArrayList<>();
                        try (ResultSet row = query.executeQuery()) {
                            while (row.next()) {
                                found.add(new Pending(
                                        row.getString(1),
                                        row.getString(2),
                                        row.getString(3),
                                        row.getBytes(4),
                                        row.getTimestamp(5).toInstant(),
                                        row.getInt(6),
                                        Optional.ofNullable(row.getString(7))));
                            }
                        }
                        return found;
                    });
        }

        @Override
        public int prune(Instant before, int limit) {
            return db.statement(
                    "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox "
                            + "WHERE next_attempt_at IS NULL AND created_at < ? LIMIT ?)",
                    delete -> {
                        delete.setTimestamp(1, ts(before));
                        delete.setInt(2, limit);
                        return delete.executeUpdate();
                    });
        }
    }
}
