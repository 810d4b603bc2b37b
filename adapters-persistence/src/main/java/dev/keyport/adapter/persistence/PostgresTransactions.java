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
    private final TransactionOperations<Connection> transactions;

    PostgresTransactions(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.executeWrite(status -> work.get());
    }
}
