package dev.keyport.adapter.persistence;

import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How the adapters reach PostgreSQL: inside a use-case transaction they join its connection;
 * outside one (the single-statement login path) they borrow a pooled connection in auto-commit.
 */
@Singleton
final class Database {
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

    /** Runs the work; a database that cannot be reached is a {@link dev.keyport.application.port.out.StoreUnavailable}. */
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

    <R> R statement(String sql, StatementWork<R> work) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return work.run(statement);
            }
        });
    }
}
