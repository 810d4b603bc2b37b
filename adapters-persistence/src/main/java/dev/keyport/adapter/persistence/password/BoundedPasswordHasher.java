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
 * (503, Retry-After): an admitted check waits about {@code queue / threads + 1} hash times at most, and
 * never more than {@link #ADMITTED_WAIT} (then 503 too; with PBKDF2's slower hashes a full queue can reach it), a
 * refused one at most the admission wait. The wait matters as much as the bound: refused at once, a
 * flooding client would come straight back, and the flood would become a flood of cheap 503s that
 * takes the CPU from everyone else (measured in docs/performance.md, "Password hashing").
 *
 * <p>With a lowered {@link HashingPriority} the hashing threads also run below the request threads (Linux;
 * {@link ThreadNiceness}): when the CPU is short, a flood of password checks then slows key logins and
 * refreshes less, and when it is not, the checks still get all the CPU they can use.
 */
public final class BoundedPasswordHasher implements PasswordHasher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedPasswordHasher.class);
    /** Whether the hashing threads' priority was logged (once per JVM). */
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    /** How long a check waits for a place by default before it is refused. */
    public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofMillis(250);

    /**
     * The most an admitted check waits for its hash before it is refused as busy (about nine Argon2id hash times
     * are ~0.3 s here; PBKDF2's, or a CPU kept busy by requests the hashing threads yield to, take longer).
     */
    public static final Duration ADMITTED_WAIT = Duration.ofSeconds(5);

    private final PasswordHasher hasher;
    private final ThreadPoolExecutor pool;
    private final Semaphore places;
    private final int capacity;
    private final long admissionWaitNanos;
    /** How long an admitted check waits for its hash before it is given up as busy ({@link #ADMITTED_WAIT}). */
    private final long admittedWaitNanos;
    /** One thread at the request threads' priority, started here, that wakes the callers whose hash is done. */
    private final ThreadPoolExecutor wakeUps;
    /** See {@link #operatorLane()}. */
    private final BoundedPasswordHasher operators;

    public BoundedPasswordHasher(PasswordHasher hasher, int threads, int queueCapacity, Duration admissionWait) {
        this(hasher, threads, queueCapacity, admissionWait, HashingPriority.NORMAL);
    }

    /** As above, the hashing threads at {@code priority}. */
    public BoundedPasswordHasher(
            PasswordHasher hasher, int threads, int queueCapacity, Duration admissionWait, HashingPriority priority) {
        this(hasher, threads, queueCapacity, admissionWait, priority, ADMITTED_WAIT);
    }

    /** As above, with the most an admitted check waits for its hash (tests shorten it). */
    BoundedPasswordHasher(
            PasswordHasher hasher,
            int threads,
            int queueCapacity,
            Duration admissionWait,
            HashingPriority priority,
            Duration admittedWait) {
        this(hasher, threads, queueCapacity, admissionWait, priority, admittedWait, true);
    }

    private BoundedPasswordHasher(
            PasswordHasher hasher,
            int threads,
            int queueCapacity,
            Duration admissionWait,
            HashingPriority priority,
            Duration admittedWait,
            boolean withOperatorLane) {
        if (threads < 1 || queueCapacity < 0 || admissionWait.isNegative() || !admittedWait.isPositive()) {
            throw new IllegalArgumentException("password hashing needs at least one thread, a queue of zero or more, "
                    + "a wait of zero or more and a positive admitted wait");
        }
        this.hasher = hasher;
        this.capacity = threads + queueCapacity;
        this.places = new Semaphore(capacity, true);
        this.admissionWaitNanos = admissionWait.toNanos();
        this.admittedWaitNanos = admittedWait.toNanos();
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
        ThreadPoolExecutor hashing = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                !priority.lowered()
                        ? platform
                        : runnable -> platform.newThread(() -> {
                            try {
                                warmUpAndLower(hasher, priority, wakeUps);
                            } catch (Throwable e) { // an Error (out of memory, linkage) must not end the thread
                                LOG.warn("password hashing thread set-up failed; it hashes anyway: {}", e.toString());
                            }
                            runnable.run();
                        }));
        hashing.prestartAllCoreThreads(); // lowered now, with their one-time work done first (see warmUpAndLower)
        this.pool = hashing;
        this.operators = withOperatorLane
                ? new BoundedPasswordHasher(hasher, 1, 2, admissionWait, priority, admittedWait, false)
                : this;
    }

    /**
     * The operator's lane: the admin account's checks (admin login, whatever the username, the start-up check of the
     * configured admin password, the admin's password change) on one hashing thread of their own, at the same
     * priority as this pool's, with a place for one running and two waiting checks. A flood of user password logins
     * (which fills this pool's places) does not lock the operator out; a flood of admin logins fills this lane (the
     * login throttle limits it per address) and gets no more CPU than a user flood would.
     */
    public PasswordHasher operatorLane() {
        return operators;
    }

    /**
     * Run by each hashing thread before its first task when its priority is lowered: first, at the request
     * threads' priority, one hash, so that what a first hash does once (loading and initialising classes from the
     * jar under locks every thread shares, seeding the salt generator) is never done by a thread that can be
     * preempted for long while holding those locks; then lowers the thread, with {@code renice} started
     * by {@code helper} (a thread of normal priority: a thread the JDK starts on the way, its process reaper, must
     * not inherit the priority), which also logs the outcome. Never throws: a hashing thread that failed here would
     * end before its first task.
     */
    private static void warmUpAndLower(PasswordHasher hasher, HashingPriority priority, ThreadPoolExecutor helper) {
        try {
            hasher.hash(Password.chosen("warm-up-before-lowering"));
        } catch (RuntimeException | LinkageError ignored) {
            // a hasher that fails here fails its real checks too, and says so there
        }
        try {
            Optional<String> tid = ThreadNiceness.currentThreadId();
            CompletableFuture.runAsync(
                            () -> {
                                Optional<String> failure = tid.map(id -> ThreadNiceness.lower(id, priority))
                                        .orElseGet(() -> Optional.of("no /proc/thread-self here"));
                                if (!TOLD.getAndSet(true)) {
                                    failure.ifPresentOrElse(
                                            why -> LOG.warn(
                                                    "password hashing runs at the request threads' priority: {}", why),
                                            () -> LOG.info(
                                                    "password hashing threads run at {} "
                                                            + "(keyport.password.hashing-priority)",
                                                    priority));
                                }
                            },
                            helper)
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!TOLD.getAndSet(true)) {
                LOG.warn("password hashing may run at the request threads' priority: {}", e.toString());
            }
        }
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
        // The place is given back exactly once, when the hashing thread is done with the task (ran it, or found it
        // cancelled before it started): never while a hash still runs, so that at most `capacity` hashes are ever in
        // progress or queued. Both the place and the waiting caller are given back by the wake-up thread, not by the
        // hashing thread: a thread started on the way (the virtual threads' carriers are started by whoever wakes
        // one) would inherit the hashing thread's priority.
        CompletableFuture<T> result = new CompletableFuture<>();
        FutureTask<T> task = new FutureTask<>(work) {
            @Override
            protected void done() {
                wakeUp(() -> settle(this, result));
            }
        };
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    wakeUp(places::release);
                }
            });
        } catch (RuntimeException closed) {
            task.cancel(false);
            places.release();
            throw new PasswordHashingBusy();
        }
        try {
            return result.get(admittedWaitNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } catch (CancellationException e) {
            throw new PasswordHashingBusy();
        } catch (TimeoutException e) {
            // The hashing threads did not get the CPU for it in time (every core busy with requests while they run
            // below them): the caller gets 503 with Retry-After, never an endless wait. A check not yet started is
            // dropped; one already running ends on its own and only then gives its place back.
            task.cancel(false);
            throw new PasswordHashingBusy();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new PasswordHashingBusy(); // as an interrupted admission: 503, not 500
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
        if (operators != this) {
            operators.close();
        }
    }
}
