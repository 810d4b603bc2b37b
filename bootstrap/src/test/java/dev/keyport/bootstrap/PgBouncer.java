package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PgBouncer (the Debian package {@code pgbouncer}, which {@code .ci/run} installs) in front of
 * a test database, in transaction pooling mode, on a free port, as a test's own process with a
 * generated configuration. {@link #url()} is the JDBC URL a Keyport instance uses behind it.
 */
final class PgBouncer implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final String url;

    private PgBouncer(Process process, Path directory, String url) {
        this.process = process;
        this.directory = directory;
        this.url = url;
    }

    static PgBouncer inFrontOf(TestDatabase.Coordinates database) {
        Path binary = List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer")).stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "pgbouncer is not installed: apt-get install pgbouncer " + "(.ci/run installs it)"));
        URI server = URI.create(database.url().substring("jdbc:".length()));
        String name = server.getPath().substring(1);
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path directory = Files.createTempDirectory(
                    "keyport-pgbouncer",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path users = directory.resolve("userlist.txt");
            Files.writeString(users, "\"" + database.username() + "\" \"" + database.password() + "\"\n");
            Path ini = directory.resolve("pgbouncer.ini");
            Files.writeString(ini, """
                    [databases]
                    %s = host=%s port=%d dbname=%s

                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = trust
                    auth_file = %s
                    pool_mode = transaction
                    default_pool_size = 20
                    max_client_conn = 200
                    ignore_startup_parameters = extra_float_digits,options
                    """.formatted(name, server.getHost(), server.getPort(), name, port, users));
            List.of(users, ini).forEach(PgBouncer::readableByAll);
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody")); // pgbouncer refuses to run as root
            }
            command.add(ini.toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("pgbouncer.log").toFile())
                    .start();
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?prepareThreshold=0";
            PgBouncer bouncer = new PgBouncer(process, directory, url);
            bouncer.awaitListening(port, database);
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(int port, TestDatabase.Coordinates database) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port);
                    Connection connection =
                            DriverManager.getConnection(url, database.username(), database.password())) {
                return;
            } catch (IOException | SQLException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("pgbouncer did not start: " + log(), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    /** The JDBC URL through the pooler (transaction mode needs {@code prepareThreshold=0}). */
    String url() {
        return url;
    }

    /** The same properties as the database's, with the pool's URL pointed through the pooler. */
    java.util.Map<String, Object> micronautProperties(TestDatabase.Coordinates database) {
        java.util.Map<String, Object> properties = new java.util.HashMap<>(database.micronautProperties());
        properties.put("datasources.default.url", url);
        // the first instance, connected directly, migrated the schema (Flyway's lock is session-scoped)
        properties.put("flyway.datasources.default.enabled", false);
        return properties;
    }

    String log() {
        try {
            return Files.readString(directory.resolve("pgbouncer.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
