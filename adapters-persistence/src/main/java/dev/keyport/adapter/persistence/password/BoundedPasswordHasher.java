package dev.keyport.adapter.persistence.password;

import dev.keyport.application.port.out.PasswordHasher;
import dev.keyport.application.port.out.PasswordHashingBusy;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a slow password hasher on its own few platform threads, with a bounded queue in front.
 *
 * <p>Requests run on virtual threads, and a virtual thread is not pre-empted while it computes: a
 * PBKDF2 hash at 600,000 iterations (a few hundred milliseconds of CPU) would pin a carrier thread, and
 * a handful of them pin every carrier, so that no other request runs at all. Here the caller's virtual
 * thread only waits (and unmounts); the hashing threads are ordinary OS threads, which the kernel
 * time-slices with the carriers, and there are fewer of them than cores. When all are busy and the
 * queue is full, a new check is refused at once with {@link PasswordHashingBusy} (503, Retry-After)
 * instead of queueing without bound.
 */
public final class BoundedPasswordHasher implements PasswordHasher, AutoCloseable {
    private final PasswordHasher hasher;
    private final ThreadPoolExecutor pool;

    public BoundedPasswordHasher(PasswordHasher hasher, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("password hashing needs at least one thread and one queue slot");
        }
        this.hasher = hasher;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                Thread.ofPlatform().name("password-hashing-", 1).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Half the cores (at least one): hashing never gets more than that share of the CPU. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** Eight waiting checks per thread: a queued check waits at most about nine hash times. */
    public static int defaultQueue(int threads) {
        return 8 * threads;
    }

    /** How many password checks are waiting for a hashing thread (for monitoring). */
    public int waitingChecks() {
        return pool.getQueue().size();
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
        Future<T> result;
        try {
            result = pool.submit(work);
        } catch (RejectedExecutionException saturated) {
            throw new PasswordHashingBusy();
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a password hash", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
