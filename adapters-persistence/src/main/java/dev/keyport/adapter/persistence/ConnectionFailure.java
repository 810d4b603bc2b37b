package dev.keyport.adapter.persistence;

import dev.keyport.application.shared.port.in.StoreUnavailable;
import io.micronaut.data.connection.exceptions.ConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

/**
 * Tells "PostgreSQL cannot be reached" (no connection within the pool's timeout, connection refused
 * or broken, server shutting down) from every other failure, and turns it into
 * {@link StoreUnavailable}. SQLSTATE class 08 is "connection exception"; 57P01-57P03 are the
 * server shutting down or not accepting connections yet.
 */
final class ConnectionFailure {
    private static final int ATTEMPTS = 3;

    private ConnectionFailure() {}

    static RuntimeException translate(RuntimeException failure) {
        return isConnectionFailure(failure) ? new StoreUnavailable("the database cannot be reached", failure) : failure;
    }

    /**
     * Runs work that PostgreSQL may abort as a deadlock victim or for a serialization failure. Such
     * an abort rolls back everything the work did, so it is run again, at most {@value #ATTEMPTS}
     * times in all; any other failure, and the last abort, propagate unchanged.
     */
    static <T> T retryingAborts(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    /** A deadlock or serialization failure: PostgreSQL rolled the transaction back, and running it again is safe. */
    private static boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof ConnectException
                    || cause instanceof ConnectionException) {
                return true; // the last: Micronaut could not prepare a pooled connection (it was closed under it)
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
