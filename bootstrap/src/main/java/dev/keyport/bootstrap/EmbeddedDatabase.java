package dev.keyport.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        Path data = pgdata(keyportDirectory);
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
                    // requests in flight; EmbeddedDatabaseStop stops it after the server instead
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info(
                    "Embedded PostgreSQL 17 {} data in {} (port {}); set DATASOURCES_DEFAULT_URL to use your own PostgreSQL",
                    existing ? "reusing" : "created with",
                    data,
                    postgres.getPort());
            return new EmbeddedDatabase(postgres, data);
        } catch (IOException e) {
            stopLeftover(keyportDirectory); // zonky gives up after 10 s, and may leave the postmaster it launched
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + data, e);
        } catch (RuntimeException e) {
            stopLeftover(keyportDirectory);
            throw e;
        }
    }

    private static Path pgdata(Path keyportDirectory) {
        return keyportDirectory.resolve("pgdata").toAbsolutePath().normalize();
    }

    /**
     * Stops a postmaster of this data directory that no {@link EmbeddedDatabase} holds (a start that failed or was
     * interrupted), found by its pid file and checked to be a postgres of this directory: SIGINT, PostgreSQL's fast
     * shutdown, then up to 15 s for it to end.
     */
    static void stopLeftover(Path keyportDirectory) {
        Path data = pgdata(keyportDirectory);
        Optional<ProcessHandle> postmaster = postmaster(data);
        if (postmaster.isEmpty()) {
            return;
        }
        long pid = postmaster.get().pid();
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            postmaster.get().onExit().get(15, TimeUnit.SECONDS);
            LOG.info("Embedded PostgreSQL (pid {}) stopped after an interrupted start", pid);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.warn("Embedded PostgreSQL (pid {}, {}) may still be running: {}", pid, data, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live postmaster named by the directory's pid file, if that process is a postgres of this directory. */
    private static Optional<ProcessHandle> postmaster(Path data) {
        try {
            List<String> pidFile = Files.readAllLines(data.resolve("postmaster.pid"));
            if (pidFile.size() < 2
                    || !Path.of(pidFile.get(1).strip())
                            .toAbsolutePath()
                            .normalize()
                            .equals(data)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(pidFile.get(0).strip()))
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().orElse("").endsWith("postgres"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
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
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
        if (postmaster(dataDirectory).isPresent()) { // zonky logs a failed stop and returns
            LOG.warn("Embedded PostgreSQL still runs on {} after the stop", dataDirectory);
        } else {
            LOG.info("Embedded PostgreSQL stopped");
        }
    }
}
