package dev.keyport.adapter.persistence;

import dev.keyport.application.port.out.Transactions;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Runs use-case work in one PostgreSQL transaction (READ COMMITTED). Any exception rolls it back,
 * a domain refusal included; the adapters' statements join the transaction through Micronaut's
 * connection binding, so the use-case code never sees a connection.
 */
@Singleton
final class PostgresTransactions implements Transactions {
    private static final int ATTEMPTS = 3;

    private final TransactionOperations<Connection> transactions;

    PostgresTransactions(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /**
     * Runs the work in one transaction. If PostgreSQL aborts it as a deadlock victim or for a
     * serialization failure, everything it did was rolled back, so it is run again (at most
     * {@value #ATTEMPTS} times in all).
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.executeWrite(status -> work.get());
            } catch (RuntimeException e) {
                if (attempt < ATTEMPTS && ConnectionFailure.isRetryable(e)) {
                    continue;
                }
                throw ConnectionFailure.translate(e);
            }
        }
    }
}
