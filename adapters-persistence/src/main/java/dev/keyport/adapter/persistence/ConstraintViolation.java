package dev.keyport.adapter.persistence;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads which named constraint a PostgreSQL error broke, so adapters can turn it into a domain error. */
final class ConstraintViolation {
    private ConstraintViolation() {}

    static Optional<String> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql
                    && cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                ServerErrorMessage message = psql.getServerErrorMessage();
                return Optional.ofNullable(message == null ? null : message.getConstraint());
            }
        }
        return Optional.empty();
    }
}
