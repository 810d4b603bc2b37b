package dev.keyport.bootstrap;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * When the embedded PostgreSQL stops: after the server, whatever signal or failure ends the JVM. The shutdown hook is
 * registered before the database starts, so that no moment is left uncovered (zonky's own hook is off: it stopped the
 * database at SIGTERM, under the requests the server was still answering).
 *
 * <ul>
 *   <li>A signal during the database's own start or the server's (its schema migrations included): the hook lets
 *       that start finish first, so that a migration is never cut between its commit and its history row.</li>
 *   <li>A running server: Micronaut's own hook stops it, after answering the requests in flight (graceful shutdown,
 *       application.yml); this hook waits for that, for at most the grace period and 10 s. Stopping the context here
 *       as well, while Micronaut's hook stops it, deadlocks the two hooks; so this hook stops the context itself only
 *       when the signal came during the server's start (Micronaut registers its hook at the end of the start, which
 *       the JVM refuses once it is shutting down) or when it still runs after that wait, on a daemon thread it
 *       waits for a bounded time. Then the database stops.</li>
 *   <li>A database or server that failed to start: the database is stopped; a postmaster left by a database start
 *       that failed is stopped by its pid file ({@link EmbeddedDatabase#stopLeftover}).</li>
 * </ul>
 */
final class EmbeddedDatabaseStop {
    /** A bound on waiting for a start to finish: zonky waits 10 s for PostgreSQL, and the migrations take seconds. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private static final String GRACE_PERIOD = "micronaut.lifecycle.graceful-shutdown.grace-period";

    private final Path keyportDirectory;
    private final CountDownLatch databaseStartEnded = new CountDownLatch(1);
    private final CountDownLatch serverStartEnded = new CountDownLatch(1);
    private final AtomicReference<EmbeddedDatabase> database = new AtomicReference<>();
    private final AtomicReference<Server> server = new AtomicReference<>();

    /** A started server and how long to wait for its stop, read while it runs. */
    private record Server(ApplicationContext context, Duration stopLimit) {}

    private EmbeddedDatabaseStop(Path keyportDirectory) {
        this.keyportDirectory = keyportDirectory;
    }

    /** Registers the hook, then starts the database. */
    static EmbeddedDatabaseStop startDatabase(Path keyportDirectory) {
        EmbeddedDatabaseStop stop = new EmbeddedDatabaseStop(keyportDirectory);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::run, "keyport-embedded-db-shutdown"));
        try {
            stop.database.set(EmbeddedDatabase.start(keyportDirectory));
        } finally {
            stop.databaseStartEnded.countDown();
        }
        return stop;
    }

    EmbeddedDatabase database() {
        return database.get();
    }

    /** Starts the server; whether it starts or fails, the hook knows the start has ended. */
    ApplicationContext startServer(Supplier<ApplicationContext> start) {
        try {
            ApplicationContext context = start.get();
            server.set(new Server(context, stopLimit(context)));
            return context;
        } finally {
            serverStartEnded.countDown();
        }
    }

    private void run() {
        // a server that finishes its start after the signal could not register Micronaut's hook: this one stops it
        boolean signalledDuringTheStart = serverStartEnded.getCount() > 0;
        await(databaseStartEnded);
        EmbeddedDatabase postgres = database.get();
        if (postgres == null) {
            EmbeddedDatabase.stopLeftover(keyportDirectory);
            return;
        }
        await(serverStartEnded);
        Server running = server.get();
        if (running != null) {
            ApplicationContext context = running.context();
            if (!signalledDuringTheStart) {
                awaitStopped(context, running.stopLimit()); // Micronaut's hook stops it
            }
            if (context.isRunning()) { // on a thread of its own: a stop stuck elsewhere must not keep the JVM up
                Thread stopper =
                        Thread.ofPlatform().daemon().name("keyport-late-stop").start(context::stop);
                join(stopper, running.stopLimit());
            }
        }
        postgres.close();
    }

    /** How long the database waits for the server to stop: the grace period for the requests in flight, and 10 s. */
    private static Duration stopLimit(ApplicationContext context) {
        return context.getProperty(GRACE_PERIOD, Duration.class)
                .orElse(Duration.ZERO)
                .plusSeconds(10);
    }

    private static void awaitStopped(ApplicationContext context, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (context.isRunning() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void join(Thread thread, Duration limit) {
        try {
            thread.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
