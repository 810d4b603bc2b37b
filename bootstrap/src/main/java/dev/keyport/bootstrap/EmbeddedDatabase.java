package dev.keyport.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup database: a real PostgreSQL 17 (zonky's binaries) whose data directory survives
 * restarts. Used only when no external database is configured.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    static EmbeddedDatabase start(Path keyportDirectory) {
        Path data = keyportDirectory.resolve("pgdata").toAbsolutePath().normalize();
        try {
            Files.createDirectories(data.getParent());
            boolean existing = Files.isRegularFile(data.resolve("PG_VERSION"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    // zonky's defaults suit throw-away test databases (fsync and synchronous commit
                    // off); this one holds real data, so durability is switched back on.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // zonky's own hook would stop the database at SIGTERM while the server still answers the
                    // requests in flight; Keyport.main stops it after the server instead
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info(
                    "Embedded PostgreSQL 17 {} data in {} (port {}); set DATASOURCES_DEFAULT_URL to use your own PostgreSQL",
                    existing ? "reusing" : "created with",
                    data,
                    postgres.getPort());
            return new EmbeddedDatabase(postgres, data);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + data, e);
        }
    }

    Map<String, Object> micronautProperties() {
        return Map.of(
                "datasources.default.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "datasources.default.username", "postgres",
                "datasources.default.password", "postgres");
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
