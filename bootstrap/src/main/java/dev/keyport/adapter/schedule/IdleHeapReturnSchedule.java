package dev.keyport.adapter.schedule;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap's unused memory back to the system once the server has been idle for
 * {@code keyport.heap.return-after-idle} (default 5 s; {@code 0s} turns it off), with the serial collector that
 * {@code ./keyport} chooses: one full collection after the last collection the load caused, after which the serial
 * collector shrinks the old generation to the live data plus 30 % ({@code -XX:MaxHeapFreeRatio=30}; at once with
 * {@code ./keyport}'s {@code -XX:-ShrinkHeapInSteps}, else in steps over several full collections, none at the first). G1 has this
 * built in ({@code G1PeriodicGCInterval}, as a concurrent cycle) and ZGC gives memory back by itself, so with any
 * other collector this does nothing (a full collection there would be a long pause).
 *
 * <p>Why: under load the old generation fills with what young collections promote, and only a full collection frees
 * it; without one, a server that served a burst keeps its peak heap for hours (docs/performance.md, issue 25, third
 * stop). Idle means the JVM has not collected for the whole period. At most one such collection a minute, whatever
 * the traffic: a client that alternates bursts and quiet cannot make the server pause more often than that, and a
 * pause with Keyport's usual live data (~40 MB) is tens of milliseconds. The state is the JVM's (the collection count
 * is), shared by every application context in it.
 */
@Singleton
final class IdleHeapReturnSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(IdleHeapReturnSchedule.class);
    /** The fewest nanoseconds between two of its collections. */
    static final long MIN_GAP_NANOS = Duration.ofMinutes(1).toNanos();

    private final long idleNanos;
    private final LongSupplier collections;
    private final Runnable collect;
    private final LongSupplier clock;
    private final State state;

    /** What it has seen, JVM-wide in production (one per test). */
    static final class State {
        static final State JVM = new State();
        long seen = -1;
        long since;
        /** Whether this job has collected yet. */
        boolean collectedBefore;
        /** When this job last collected (meaningless until it has). */
        long lastOwn;
        /** Whether the JVM has collected (so the load has allocated) since this job last collected. */
        boolean armed;
    }

    @Inject // the constructor Micronaut calls (without it, none: the schedule failed to start, EveryScheduleStartsTest)
    IdleHeapReturnSchedule(@Value("${keyport.heap.return-after-idle:5s}") Duration idle) {
        this(
                forThisJvm(checked(idle)),
                IdleHeapReturnSchedule::collectionsSoFar,
                System::gc,
                System::nanoTime,
                State.JVM);
    }

    /** {@code idle} with the serial collector; off (zero) with any other, saying so when it was asked for. */
    private static Duration forThisJvm(Duration idle) {
        if (idle.isZero() || serialCollector()) {
            return idle;
        }
        LOG.info("keyport.heap.return-after-idle applies to the serial collector only; this JVM uses another");
        return Duration.ZERO;
    }

    IdleHeapReturnSchedule(Duration idle, LongSupplier collections, Runnable collect, LongSupplier clock, State state) {
        this.idleNanos = checked(idle).toNanos();
        this.collections = collections;
        this.collect = collect;
        this.clock = clock;
        this.state = state;
    }

    /** {@code idle}, once it is known to be a period this takes: 0 (off) to one day. */
    private static Duration checked(Duration idle) {
        if (idle.isNegative() || idle.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(
                    "keyport.heap.return-after-idle must be from 0s (off) to 1d, not " + idle);
        }
        return idle;
    }

    @Scheduled(fixedDelay = "1s", initialDelay = "10s")
    void check() {
        if (idleNanos == 0) {
            return;
        }
        synchronized (state) {
            long now = clock.getAsLong();
            long count = collections.getAsLong();
            if (count != state.seen) {
                state.armed = state.seen >= 0; // not on the first look: that count may be the start-up's
                state.seen = count;
                state.since = now;
            } else if (state.armed
                    && now - state.since >= idleNanos
                    && (!state.collectedBefore || now - state.lastOwn >= MIN_GAP_NANOS)) {
                state.armed = false;
                collect.run();
                state.seen = collections.getAsLong(); // its own collection does not arm it again
                state.since = clock.getAsLong();
                state.lastOwn = state.since;
                state.collectedBefore = true;
                LOG.debug(
                        "idle for {} ms: asked for a full collection to give the unused heap back",
                        idleNanos / 1_000_000);
            }
        }
    }

    /** Whether this JVM runs the serial collector (its old generation's collector is MarkSweepCompact). */
    private static boolean serialCollector() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector.getName().equals("MarkSweepCompact")) {
                return true;
            }
        }
        return false;
    }

    /** Collections of every collector since the JVM started. */
    private static long collectionsSoFar() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }
}
