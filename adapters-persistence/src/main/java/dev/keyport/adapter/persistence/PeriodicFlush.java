package dev.keyport.adapter.persistence;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch writer's flush on one background thread at a fixed delay, and once more on close.
 * A failed flush is logged and retried at the next interval; the writer keeps what it could not write.
 */
final class PeriodicFlush implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlush.class);

    private final String what;
    private final Runnable flush;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong failures = new AtomicLong();

    PeriodicFlush(String what, Duration interval, Runnable flush) {
        this.what = what;
        this.flush = flush;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(what + "-flusher").daemon(true).factory());
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush.run();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not write {}; will retry at the next interval: {}", what, e.getMessage());
        }
    }

    /** How many flushes have failed since start. */
    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        scheduler.shutdown();
        flushQuietly();
    }
}
