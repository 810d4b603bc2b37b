package dev.keyport.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two real PostgreSQL clusters on this machine, a primary and a streaming standby made with
 * {@code pg_basebackup}, from the Debian packages' binaries ({@code /usr/lib/postgresql/<version>/bin};
 * {@code .ci/run} installs {@code postgresql} when missing). With {@code synchronous}, the primary lists
 * the standby in {@code synchronous_standby_names}, so a commit is answered only once the standby has
 * flushed it. Run as the {@code postgres} user when the tests run as root (PostgreSQL refuses root).
 * The standby is configured with no synchronous standby of its own, so that, once promoted, it takes
 * writes alone (as Patroni does when no replica is left, unless {@code synchronous_mode_strict}).
 */
final class StreamingPostgresPair implements AutoCloseable {
    static final String DATABASE = "keyport";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;
    private final Path directory;
    private final int primaryPort;
    private final int standbyPort;
    private final Path primaryData;
    private final Path standbyData;
    /** The standby streams from the primary through this. */
    private PausableProxy replication;

    private StreamingPostgresPair(Path bin, Path directory, int primaryPort, int standbyPort) {
        this.bin = bin;
        this.directory = directory;
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
        this.primaryData = directory.resolve("primary");
        this.standbyData = directory.resolve("standby");
    }

    /** The newest PostgreSQL server installed from Debian's packages. */
    static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("pg_basebackup"))
                            && Files.isExecutable(dir.resolve("postgres")))
                    .max(Comparator.comparing(dir ->
                            Integer.parseInt(dir.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "no PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql "
                            + "(.ci/run installs it)",
                    e);
        }
    }

    static StreamingPostgresPair start(boolean synchronous) throws Exception {
        Path directory = Files.createTempDirectory("keyport-failover-");
        StreamingPostgresPair pair =
                new StreamingPostgresPair(binaries(), directory, KeyportProcess.freePort(), KeyportProcess.freePort());
        if (ROOT) {
            run(List.of("chown", "postgres:postgres", directory.toString()));
        }
        try {
            pair.startPrimary();
            pair.startStandby();
            if (synchronous) {
                pair.makeSynchronous();
            }
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    private void makeSynchronous() throws Exception {
        // Only now: with no standby connected, a commit waiting for one would wait for ever.
        try (Connection connection = connect(primaryPort, "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET synchronous_standby_names = 'standby'");
            statement.execute("SELECT pg_reload_conf()");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"sync".equals(syncState()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void startPrimary() throws Exception {
        postgres("initdb", "-D", primaryData.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        appendConfig(primaryData.resolve("postgresql.conf"), """
                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 4
                hot_standby = on
                synchronous_commit = on
                shared_buffers = 32MB
                max_connections = 100
                """.formatted(primaryPort, directory));
        postgres(
                "pg_ctl",
                "-D",
                primaryData.toString(),
                "-l",
                directory.resolve("primary.log").toString(),
                "-w",
                "start");
        try (Connection connection = connect(primaryPort, "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private void startStandby() throws Exception {
        replication = new PausableProxy(primaryPort);
        postgres(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "postgres",
                "-D",
                standbyData.toString(),
                "-R",
                "-X",
                "stream",
                "--no-sync",
                "--checkpoint=fast");
        // Name it for synchronous_standby_names; once promoted it waits for no standby of its own. (In
        // postgresql.auto.conf, read last: pg_basebackup -R wrote a primary_conninfo there.)
        appendConfig(standbyData.resolve("postgresql.auto.conf"), """
                port = %d
                primary_conninfo = 'host=127.0.0.1 port=%d user=postgres application_name=standby'
                synchronous_standby_names = ''
                """.formatted(standbyPort, replication.port()));
        postgres(
                "pg_ctl",
                "-D",
                standbyData.toString(),
                "-l",
                directory.resolve("standby.log").toString(),
                "-w",
                "start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"streaming".equals(replicationState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby did not start streaming: " + log("standby.log"));
            }
            Thread.sleep(100);
        }
    }

    /** The standby's state as the primary sees it ({@code streaming} once caught up), or null. */
    String replicationState() throws SQLException {
        try (Connection connection = connect(primaryPort, "postgres");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT state, sync_state FROM pg_stat_replication WHERE application_name = 'standby'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** The standby's sync state as the primary sees it ({@code sync} when commits wait for it). */
    String syncState() throws SQLException {
        try (Connection connection = connect(primaryPort, "postgres");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** The multi-host URL Keyport is given: whichever of the two is the primary. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + DATABASE
                + "?targetServerType=primary";
    }

    /**
     * The network between the primary and the standby stops delivering: the standby receives and
     * acknowledges nothing more. With a synchronous standby commits then wait; with an asynchronous one they
     * are answered and exist only on the primary, until it dies ({@link #crashPrimary} drops what was held).
     */
    void partitionStandby() {
        replication.pause();
    }

    /** The primary dies: {@code pg_ctl stop -m immediate}, no shutdown checkpoint, no last WAL sent (as a crash). */
    void crashPrimary() throws Exception {
        replication.close();
        postgres("pg_ctl", "-D", primaryData.toString(), "-m", "immediate", "-w", "stop");
    }

    /** {@code pg_ctl promote}: the standby becomes the primary; returns when it accepts writes. */
    void promoteStandby() throws Exception {
        postgres("pg_ctl", "-D", standbyData.toString(), "-w", "promote");
    }

    /** A connection to the standby (the primary after the failover). */
    Connection connectToStandby() throws SQLException {
        return connect(standbyPort, DATABASE);
    }

    private static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    String log(String name) {
        try {
            return Files.readString(directory.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    private static void appendConfig(Path conf, String lines) throws IOException {
        Files.writeString(conf, Files.readString(conf) + "\n" + lines);
    }

    private void postgres(String program, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() {
        if (replication != null) {
            replication.close();
        }
        for (Path data : List.of(primaryData, standbyData)) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    postgres("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
