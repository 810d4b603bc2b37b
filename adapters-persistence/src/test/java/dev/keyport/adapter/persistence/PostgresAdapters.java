package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The PostgreSQL adapters over a fresh database: a Micronaut context for the pool, Flyway and the
 * transaction manager, and a {@link PostgresStore} opened over them, as bootstrap opens it.
 * {@link #fresh()} empties every table.
 */
final class PostgresAdapters implements AutoCloseable {
    private final ApplicationContext context;
    private final TestDatabase.Coordinates database;
    private final PostgresStore store;

    /** The production defaults, except that last-used times wait for an explicit flush. */
    static final PostgresStore.Settings SETTINGS = new PostgresStore.Settings(
            Duration.ofHours(1),
            Duration.ofSeconds(1),
            100_000,
            Duration.ofSeconds(2),
            Duration.ofMillis(100),
            Duration.ofMillis(800),
            100_000,
            100_000,
            1_000,
            java.util.Optional.empty(),
            true);

    private static PostgresAdapters shared;

    /**
     * One context and database for every contract test class in this JVM (each test still starts on
     * emptied tables, see {@link #fresh()}); closed when the JVM ends.
     */
    static synchronized PostgresAdapters shared() {
        if (shared == null) {
            shared = new PostgresAdapters();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-adapters-close"));
        }
        return shared;
    }

    PostgresAdapters() {
        database = TestDatabase.freshDatabase();
        context = ApplicationContext.run(poolOnly(database));
        store = open(context, SETTINGS);
    }

    /**
     * The database's pool and migrations, and no Keyport of its own: where bootstrap is on the classpath (the
     * use-case suites run there, on the composition root's graph), a context would otherwise also compose a
     * Keyport over this database, whose schedules (webhook delivery, purges) would act on the test's rows. With
     * {@code keyport.store=memory} that Keyport keeps to its own memory.
     */
    static Map<String, Object> poolOnly(TestDatabase.Coordinates database) {
        Map<String, Object> properties = new java.util.HashMap<>(database.micronautProperties());
        properties.put("keyport.store", "memory");
        return properties;
    }

    /** The store over a context's pool, as bootstrap opens it. */
    @SuppressWarnings("unchecked")
    static PostgresStore open(ApplicationContext context, PostgresStore.Settings settings) {
        return PostgresStore.open(
                context.getBean(DataSource.class),
                (ConnectionOperations<Connection>) context.getBean(ConnectionOperations.class),
                (TransactionOperations<Connection>) context.getBean(TransactionOperations.class),
                context.getBean(JsonMapper.class),
                settings);
    }

    /** Every table emptied (see {@link PostgresStore#truncateEverything()}). */
    DrivenPorts fresh() {
        store.truncateEverything();
        return store.ports();
    }

    TestDatabase.Coordinates database() {
        return database;
    }

    DataSource dataSource() {
        return context.getBean(DataSource.class);
    }

    KeyStateView view() {
        return store.view();
    }

    BatchedApiKeyUsage usage() {
        return store.usage();
    }

    @Override
    public void close() {
        store.close();
        context.close();
    }
}
