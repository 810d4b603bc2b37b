package dev.keyport.adapter.schedule;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap's unused memory back to the system once the server has been idle for
 * {@code keyport.heap.return-after-idle} (default 5 s; 0 turns it off): one full collection after the last
 * collection the load caused, the serial collector then shrinks the old generation to the live data plus 30 %
 * ({@code -XX:MaxHeapFreeRatio=30} in {@code ./keyport}). The same idea as G1's {@code G1PeriodicGCInterval}, which
 * the serial collector that {@code ./keyport} chooses does not have.
 *
 * <p>Why: under load the old generation fills with what young collections promote, and only a full collection frees
 * it; without one, a server that served a burst keeps its peak heap for hours (docs/performance.md, issue 25, third
 * stop). Idle means the JVM has not collected for the whole period, so a server with steady traffic (a young
 * collection every few seconds) is never interrupted. Under light traffic it runs one full collection (tens of
 * milliseconds with Keyport's live data) at most once per young collection, which happens every few minutes there.
 */
@Singleton
final class IdleHeapReturnSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(IdleHeapReturnSchedule.class);

    private final long idleNanos;
    private final LongSupplier collections;
    private final Runnable collect;
    private final LongSupplier clock;
    private long seen = -1;
    private long since;
    /** Whether the JVM has collected (so the load has allocated) since this schedule last collected. */
    private boolean armed;

    IdleHeapReturnSchedule(@Value("${keyport.heap.return-after-idle:5s}") Duration idle) {
        this(idle, IdleHeapReturnSchedule::collectionsSoFar, System::gc, System::nanoTime);
    }

    IdleHeapReturnSchedule(Duration idle, LongSupplier collections, Runnable collect, LongSupplier clock) {
        this.idleNanos = idle.isNegative() ? 0 : idle.toNanos();
        this.collections = collections;
        this.collect = collect;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "1s", initialDelay = "10s")
    synchronized void check() {
        if (idleNanos == 0) {
            return;
        }
        long now = clock.getAsLong();
        long count = collections.getAsLong();
        if (count != seen) {
            seen = count;
            since = now;
            armed = true;
        } else if (armed && now - since >= idleNanos) {
            armed = false;
            collect.run();
            seen = collections.getAsLong(); // our own collection does not arm it again
            since = clock.getAsLong();
            LOG.debug("idle for {} ms: one full collection gave the unused heap back", idleNanos / 1_000_000);
        }
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
