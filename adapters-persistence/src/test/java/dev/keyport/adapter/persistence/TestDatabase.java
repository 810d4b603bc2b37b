package dev.keyport.adapter.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Real PostgreSQL for tests, never H2 and never a mock. The server comes from, in order:
 * <ol>
 *   <li>{@code KEYPORT_TEST_DB_URL} (with {@code KEYPORT_TEST_DB_USERNAME}/{@code KEYPORT_TEST_DB_PASSWORD}),
 *       a server you run; the user needs the CREATEDB privilege;</li>
 *   <li>Testcontainers ({@code postgres:17}) when a Docker engine answers;</li>
 *   <li>embedded PostgreSQL 17 (zonky binaries from Maven Central), started once per JVM.</li>
 * </ol>
 * Each call of {@link #freshDatabase()} creates a new, empty database on that server, so test
 * classes never see each other's data and do not depend on order.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Server server;

    /** Where a test database is and how to log in to it. */
    public record Coordinates(String url, String username, String password) {
        /** Micronaut properties that point the default datasource (and Flyway) at this database. */
        public Map<String, Object> micronautProperties() {
            return Map.of(
                    "datasources.default.url",
                    url,
                    "datasources.default.username",
                    username,
                    "datasources.default.password",
                    password,
                    "datasources.default.driver-class-name",
                    "org.postgresql.Driver",
                    "datasources.default.dialect",
                    "POSTGRES",
                    "flyway.datasources.default.enabled",
                    true);
        }

        /** A plain JDBC connection to this database, outside any Keyport instance. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }

        /** The single number a query such as {@code SELECT count(*) FROM sessions} answers. */
        public long count(String sql) throws SQLException {
            try (Connection connection = connect();
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private record Server(String description, String adminUrl, String urlPrefix, String username, String password) {}

    private TestDatabase() {}

    public static Coordinates freshDatabase() {
        Server shared = server();
        String name = "keyport_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(shared.adminUrl(), shared.username(), shared.password());
                Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database on " + shared.description(), e);
        }
        return new Coordinates(shared.urlPrefix() + name, shared.username(), shared.password());
    }

    /** Which kind of server the tests run on, for logs and reports. */
    public static String serverDescription() {
        return server().description();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    private static Server startServer() {
        String url = System.getenv("KEYPORT_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            String prefix = url.substring(0, url.lastIndexOf('/') + 1);
            return new Server(
                    "KEYPORT_TEST_DB_URL",
                    url,
                    prefix,
                    envOr("KEYPORT_TEST_DB_USERNAME", "postgres"),
                    envOr("KEYPORT_TEST_DB_PASSWORD", "postgres"));
        }
        if (dockerAnswers()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17");
            container.start();
            String jdbcUrl = container.getJdbcUrl();
            String prefix = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1);
            return new Server(
                    "Testcontainers postgres:17", jdbcUrl, prefix, container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; nothing more to do
                }
            }));
            String prefix = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
            return new Server("embedded PostgreSQL 17 (zonky)", prefix + "postgres", prefix, "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * {@code sql} run with every trigger of {@code table} disabled, in one transaction that leaves the
     * triggers exactly as they were (ENABLE ALWAYS ones too), as a careful restore would.
     */
    public static String behindTheTriggers(String table, String sql) {
        return """
                DO $$
                DECLARE always text[]; name text;
                BEGIN
                    SELECT coalesce(array_agg(tgname::text), '{}') INTO always FROM pg_trigger
                     WHERE tgrelid = '%1$s'::regclass AND NOT tgisinternal AND tgenabled = 'A';
                    ALTER TABLE %1$s DISABLE TRIGGER ALL;
                    %2$s;
                    ALTER TABLE %1$s ENABLE TRIGGER ALL;
                    FOREACH name IN ARRAY always LOOP
                        EXECUTE format('ALTER TABLE %1$s ENABLE ALWAYS TRIGGER %%I', name);
                    END LOOP;
                END $$""".formatted(table, sql);
    }
}
