package dev.keyport.adapter.persistence;

import dev.keyport.application.shared.port.out.Transactions;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Runs use-case work in one PostgreSQL transaction (READ COMMITTED). Any exception rolls it back,
 * a domain refusal included; the adapters' statements join the transaction through Micronaut's
 * connection binding, so the use-case code never sees a connection.
 */
final class PostgresTransactions implements Transactions {
    private final TransactionOperations<Connection> transactions;

    PostgresTransactions(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /**
     * Runs the work in one transaction. If PostgreSQL aborts it as a deadlock victim or for a
     * serialization failure, everything it did was rolled back, so it is run again
     * ({@link ConnectionFailure#retryingAborts}).
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        try {
            return Database.collectingAfterCommit(
                    () -> ConnectionFailure.retryingAborts(() -> transactions.executeWrite(status -> work.get())));
        } catch (RuntimeException e) {
            throw ConnectionFailure.translate(e);
        }
    }
}
