package dev.keyport.adapter.persistence.password;

import dev.keyport.application.shared.port.in.PasswordHashingBusy;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a slow password hasher on its own few platform threads, with a bounded number of checks in
 * progress and a bounded wait to become one of them.
 *
 * <p>Requests run on virtual threads, and a virtual thread is not pre-empted while it computes: a
 * password hash (tens of milliseconds of CPU for Argon2id, hundreds for PBKDF2-600k) would pin a
 * carrier thread, and a handful of them pin every carrier, so that no other request runs at all. Here
 * the caller's virtual thread only waits (and unmounts); the hashing threads are ordinary OS threads,
 * which the kernel time-slices fairly with the carriers, and there are fewer of them than cores.
 *
 * <p>At most {@code threads + queue} checks are admitted at once. A new check waits at most
 * {@code admissionWait} for a place, parked, and is then refused with {@link PasswordHashingBusy}
 * (503, Retry-After): an admitted check waits at most about {@code queue / threads + 1} hash times, a
 * refused one at most the admission wait. The wait matters as much as the bound: refused at once, a
 * flooding client would come straight back, and the flood would become a flood of cheap 503s that
 * takes the CPU from everyone else (measured in docs/performance.md, "Password hashing").
 *
 * <p>With a lowered {@link HashingPriority} the hashing threads also run below the request threads (Linux;
 * {@link ThreadNiceness}): when the CPU is short, a flood of password checks then slows key logins and
 * refreshes less, and when it is not, the checks still get all the CPU they can use. The price, with
 * {@link HashingPriority#IDLE}: while requests keep every core busy, checks get almost no CPU, wait, and past
 * the admission wait are refused as busy (503) instead of taking CPU from the requests.
 */
public final class BoundedPasswordHasher implements PasswordHasher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedPasswordHasher.class);
    /** Whether the hashing threads' priority was logged (once per JVM). */
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    /** How long a check waits for a place by default before it is refused. */
    public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofMillis(250);

    private final PasswordHasher hasher;
    private final ExecutorService pool;
    private final Semaphore places;
    private final int capacity;
    private final long admissionWaitNanos;
    /** One thread at the request threads' priority, started here, that wakes the callers whose hash is done. */
    private final ThreadPoolExecutor wakeUps;

    public BoundedPasswordHasher(PasswordHasher hasher, int threads, int queueCapacity, Duration admissionWait) {
        this(hasher, threads, queueCapacity, admissionWait, HashingPriority.NORMAL);
    }

    /** As above, the hashing threads at {@code priority}. */
    public BoundedPasswordHasher(
            PasswordHasher hasher, int threads, int queueCapacity, Duration admissionWait, HashingPriority priority) {
        if (threads < 1 || queueCapacity < 0 || admissionWait.isNegative()) {
            throw new IllegalArgumentException("password hashing needs at least one thread, a queue of zero or more, "
                    + "and a wait of zero or more");
        }
        this.hasher = hasher;
        this.capacity = threads + queueCapacity;
        this.places = new Semaphore(capacity, true);
        this.admissionWaitNanos = admissionWait.toNanos();
        this.wakeUps = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("password-wakeups").daemon(true).factory());
        wakeUps.prestartAllCoreThreads(); // by this thread, not lazily by a hashing thread
        ThreadFactory platform =
                Thread.ofPlatform().name("password-hashing-", 1).daemon(true).factory();
        this.pool = Executors.newFixedThreadPool(
                threads,
                !priority.lowered()
                        ? platform
                        : runnable -> platform.newThread(() -> {
                            lowerPriority(priority, wakeUps);
                            runnable.run();
                        }));
    }

    /**
     * Lowers the calling hashing thread's priority, with {@code renice} or {@code chrt} started by {@code helper}
     * (a thread of normal priority): a thread the JDK starts on the way (its process reaper) must not inherit it.
     */
    private static void lowerPriority(HashingPriority priority, ThreadPoolExecutor helper) {
        Optional<String> failure = ThreadNiceness.currentThreadId()
                .map(tid -> {
                    try {
                        return CompletableFuture.supplyAsync(() -> ThreadNiceness.lower(tid, priority), helper)
                                .get(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.of("interrupted");
                    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                        return Optional.of("lowering the priority failed: " + e);
                    }
                })
                .orElseGet(() -> Optional.of("no /proc/thread-self here"));
        failure.ifPresentOrElse(
                why -> {
                    if (!TOLD.getAndSet(true)) {
                        LOG.warn("password hashing runs at the request threads' priority: {}", why);
                    }
                },
                () -> {
                    if (!TOLD.getAndSet(true)) {
                        LOG.info("password hashing threads run at {} (keyport.password.hashing-priority)", priority);
                    }
                });
    }

    /** Half the cores (at least one): hashing never gets more than that share of the CPU. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** Eight waiting checks per thread: a queued check waits at most about nine hash times. */
    public static int defaultQueue(int threads) {
        return 8 * threads;
    }

    /** How many admitted checks are waiting for a hashing thread or running (for monitoring). */
    public int checksInProgress() {
        return capacity - places.availablePermits();
    }

    @Override
    public PasswordHash hash(Password password) {
        return run(() -> hasher.hash(password));
    }

    @Override
    public boolean matches(Password password, PasswordHash hash) {
        return run(() -> hasher.matches(password, hash));
    }

    /** Parses the hash's parameters only, on the caller's thread. */
    @Override
    public boolean needsRehash(PasswordHash hash) {
        return hasher.needsRehash(hash);
    }

    private <T> T run(Callable<T> work) {
        try {
            if (!places.tryAcquire(admissionWaitNanos, TimeUnit.NANOSECONDS)) {
                throw new PasswordHashingBusy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PasswordHashingBusy();
        }
        // The place is given back exactly once, when the work ends or is cancelled, whichever comes. The waiting
        // caller is woken by the wake-up thread, not by the hashing thread: a thread started on the way (the
        // virtual threads' carriers are started by whoever wakes one) would inherit the hashing thread's priority.
        CompletableFuture<T> result = new CompletableFuture<>();
        FutureTask<T> task = new FutureTask<>(work) {
            @Override
            protected void done() {
                wakeUp(() -> {
                    places.release();
                    settle(this, result);
                });
            }
        };
        try {
            pool.execute(task);
        } catch (RuntimeException closed) {
            task.cancel(false);
            throw new PasswordHashingBusy();
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } catch (CancellationException e) {
            throw new PasswordHashingBusy();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a password hash", e);
        }
    }

    /** Runs {@code wakeUps} on the wake-up thread, or here once that is shut down. */
    private void wakeUp(Runnable wakeUps) {
        try {
            this.wakeUps.execute(wakeUps);
        } catch (RejectedExecutionException closed) {
            wakeUps.run();
        }
    }

    /** Completes {@code result} as {@code task} ended; never throws (a failing task would replace the wake-up thread). */
    private static <T> void settle(FutureTask<T> task, CompletableFuture<T> result) {
        try {
            result.complete(task.get());
        } catch (ExecutionException e) {
            result.completeExceptionally(e.getCause());
        } catch (CancellationException e) {
            result.cancel(false);
        } catch (InterruptedException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        wakeUps.shutdown();
    }
}
