package dev.keyport.adapter.persistence;

import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How the adapters reach PostgreSQL: inside a use-case transaction they join its connection;
 * outside one (the single-statement login path) they borrow a pooled connection in auto-commit.
 */
final class Database {
    /** Work to run once the current thread's transaction has ended; {@code null} outside one. */
    private static final ThreadLocal<List<Runnable>> AFTER_COMMIT = new ThreadLocal<>();

    private final ConnectionOperations<Connection> connections;

    Database(ConnectionOperations<Connection> connections) {
        this.connections = connections;
    }

    /** Work on a connection. */
    interface ConnectionWork<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Work on one prepared statement. */
    interface StatementWork<R> {
        R run(PreparedStatement statement) throws SQLException;
    }

    /** Runs the work; a database that cannot be reached is a {@link dev.keyport.application.shared.port.in.StoreUnavailable}. */
    <R> R withConnection(ConnectionWork<R> work) {
        try {
            return connections.execute(ConnectionDefinition.DEFAULT, status -> {
                try {
                    return work.run(status.getConnection());
                } catch (SQLException e) {
                    throw new DataAccessException("SQL failed: " + e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            throw ConnectionFailure.translate(e);
        }
    }

    /**
     * Runs {@code work} once the surrounding transaction has ended, or at once outside one (an
     * auto-commit statement has already committed). Used to apply a change to this instance's
     * in-memory views after it is committed and before it is answered, so that no read of the old
     * state can slip in between. It also runs after a rollback, where it only costs a reload.
     */
    void afterCommit(Runnable work) {
        List<Runnable> pending = AFTER_COMMIT.get();
        if (pending == null) {
            work.run();
        } else {
            pending.add(work);
        }
    }

    /** Whether the current thread is inside a use-case transaction ({@link PostgresTransactions}). */
    boolean inTransaction() {
        return AFTER_COMMIT.get() != null;
    }

    /**
     * For operations whose meaning depends on a surrounding transaction (a lock held until it ends,
     * a change saved with others): outside one they would run in auto-commit, so they are refused,
     * as the in-memory adapters refuse them.
     */
    void requireTransaction() {
        if (!inTransaction()) {
            throw new IllegalStateException("this operation must run inside Transactions.inTransaction");
        }
    }

    /** Runs a transaction, then whatever its statements asked to run {@link #afterCommit}. */
    static <T> T collectingAfterCommit(Supplier<T> transaction) {
        if (AFTER_COMMIT.get() != null) {
            return transaction.get(); // nested: the outermost transaction runs them
        }
        List<Runnable> pending = new ArrayList<>();
        AFTER_COMMIT.set(pending);
        try {
            return transaction.get();
        } finally {
            AFTER_COMMIT.remove();
            pending.forEach(Runnable::run);
        }
    }

    /**
     * Deletes up to {@code limit} rows of {@code table} whose {@code expires_at} is not after
     * {@code now}, in one short statement (a large purge never holds many row locks for long).
     */
    int deleteExpired(String table, Instant now, int limit) {
        return statement(
                "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE expires_at <= ? LIMIT ?)",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(now));
                    statement.setInt(2, limit);
                    return statement.executeUpdate();
                });
    }

    <R> R statement(String sql, StatementWork<R> work) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return work.run(statement);
            }
        });
    }
}
