package dev.keyport.adapter.persistence.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.shared.port.in.PasswordHashingBusy;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BoundedPasswordHasherTest {
    private static final Password PASSWORD = Password.chosen("secret-password");

    /** A hasher that holds each call until released, and records the thread it ran on. */
    private static final class HeldHasher implements PasswordHasher {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Thread> ranOn = new AtomicReference<>();

        @Override
        public PasswordHash hash(Password password) {
            ranOn.set(Thread.currentThread());
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PasswordHash("held$" + password.reveal().length());
        }

        @Override
        public boolean matches(Password password, PasswordHash hash) {
            return hash.equals(hash(password));
        }

        @Override
        public boolean needsRehash(PasswordHash hash) {
            return false;
        }
    }

    @Test
    void hashing_runs_on_its_own_platform_threads_not_on_the_callers_virtual_thread() throws Exception {
        HeldHasher held = new HeldHasher();
        held.release.countDown();
        try (BoundedPasswordHasher bounded = new BoundedPasswordHasher(held, 1, 1, Duration.ZERO);
                var virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            PasswordHash hash =
                    virtualThreads.submit(() -> bounded.hash(PASSWORD)).get(10, TimeUnit.SECONDS);
            assertThat(hash.encoded()).isEqualTo("held$15");
            assertThat(held.ranOn.get().isVirtual()).isFalse();
            assertThat(held.ranOn.get().getName()).startsWith("password-hashing-");
            assertThat(virtualThreads
                            .submit(() -> bounded.matches(PASSWORD, hash))
                            .get(10, TimeUnit.SECONDS))
                    .isTrue();
        }
    }

    @Test
    void when_every_thread_is_busy_and_the_queue_is_full_a_new_check_is_refused_at_once() throws Exception {
        HeldHasher held = new HeldHasher();
        try (BoundedPasswordHasher bounded = new BoundedPasswordHasher(held, 1, 1, Duration.ZERO);
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PasswordHash> running = callers.submit(() -> bounded.hash(PASSWORD));
            assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
            Future<PasswordHash> queued = callers.submit(() -> bounded.hash(PASSWORD));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bounded.checksInProgress() < 2) {
                assertThat(System.nanoTime())
                        .as("the second call takes the one queue slot")
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThatThrownBy(() -> bounded.hash(PASSWORD)).isInstanceOf(PasswordHashingBusy.class);
            assertThatThrownBy(() -> bounded.matches(PASSWORD, new PasswordHash("x")))
                    .isInstanceOf(PasswordHashingBusy.class);

            held.release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS).encoded()).isEqualTo("held$15");
            assertThat(queued.get(10, TimeUnit.SECONDS).encoded()).isEqualTo("held$15");
            awaitAllPlacesFree(bounded);
            assertThat(bounded.hash(PASSWORD).encoded())
                    .as("free again once the work is done")
                    .isEqualTo("held$15");
        }
    }

    @Test
    void a_check_waits_for_a_place_up_to_the_admission_wait_and_gets_it_when_one_frees() throws Exception {
        HeldHasher held = new HeldHasher();
        try (BoundedPasswordHasher bounded = new BoundedPasswordHasher(held, 1, 0, Duration.ofSeconds(10));
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PasswordHash> running = callers.submit(() -> bounded.hash(PASSWORD));
            assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
            Future<PasswordHash> waiting = callers.submit(() -> bounded.hash(PASSWORD));
            Thread.sleep(200);
            assertThat(waiting).as("parked while the only place is taken").isNotDone();
            held.release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS).encoded()).isEqualTo("held$15");
            assertThat(waiting.get(10, TimeUnit.SECONDS).encoded()).isEqualTo("held$15");
            awaitAllPlacesFree(bounded);
        }
    }

    @Test
    void a_refused_check_is_refused_after_the_admission_wait_not_later() throws Exception {
        HeldHasher held = new HeldHasher();
        try (BoundedPasswordHasher bounded = new BoundedPasswordHasher(held, 1, 0, Duration.ofMillis(300));
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PasswordHash> running = callers.submit(() -> bounded.hash(PASSWORD));
            assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            assertThatThrownBy(() -> bounded.hash(PASSWORD)).isInstanceOf(PasswordHashingBusy.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
            held.release.countDown();
            running.get(10, TimeUnit.SECONDS);
        }
    }

    /** A place is given back just after its caller is woken, so look for a moment. */
    private static void awaitAllPlacesFree(BoundedPasswordHasher bounded) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bounded.checksInProgress() > 0) {
            assertThat(System.nanoTime()).as("every place is given back").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void the_real_hasher_gives_the_same_answers_through_the_pool() {
        try (BoundedPasswordHasher bounded =
                new BoundedPasswordHasher(new Pbkdf2PasswordHasher(1_000), 1, 4, Duration.ofMillis(10))) {
            PasswordHash hash = bounded.hash(PASSWORD);
            assertThat(bounded.matches(PASSWORD, hash)).isTrue();
            assertThat(bounded.matches(Password.chosen("another-password"), hash))
                    .isFalse();
        }
    }

    /** A fake that only hashes: no stored hash matches, none needs a rehash. */
    private abstract static class HashOnly implements PasswordHasher {
        @Override
        public boolean matches(Password password, PasswordHash hash) {
            return false;
        }

        @Override
        public boolean needsRehash(PasswordHash hash) {
            return false;
        }
    }

    /** A hasher that records the nice value and scheduling policy of the OS thread it runs on, from /proc (Linux only). */
    private static final class PriorityRecorder extends HashOnly {
        final java.util.concurrent.atomic.AtomicInteger nice = new java.util.concurrent.atomic.AtomicInteger(-100);
        final java.util.concurrent.atomic.AtomicInteger policy = new java.util.concurrent.atomic.AtomicInteger(-1);

        @Override
        public PasswordHash hash(Password password) {
            String tid = ThreadNiceness.currentThreadId().orElseThrow();
            nice.set(ThreadNiceness.niceOf(tid));
            policy.set(ThreadNiceness.policyOf(tid));
            return new PasswordHash("nice$" + nice.get() + "$policy$" + policy.get());
        }
    }

    private static void assumeLinuxProc() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isSymbolicLink(java.nio.file.Path.of("/proc/thread-self")), "Linux /proc only");
    }

    @Test
    void with_a_nice_value_the_hashing_threads_run_at_that_lower_priority_and_without_one_at_the_callers() {
        assumeLinuxProc();
        PriorityRecorder caller = new PriorityRecorder();
        caller.hash(PASSWORD); // this thread's own nice value (0 unless the tests run under nice)
        org.junit.jupiter.api.Assumptions.assumeTrue(
                caller.nice.get() < 7, "the tests run at nice " + caller.nice.get());
        PriorityRecorder lowered = new PriorityRecorder();
        try (BoundedPasswordHasher bounded =
                new BoundedPasswordHasher(lowered, 1, 0, Duration.ofSeconds(10), HashingPriority.nice(7))) {
            bounded.hash(PASSWORD);
        }
        assertThat(lowered.nice.get()).isEqualTo(7);
        assertThat(lowered.policy.get()).isEqualTo(caller.policy.get());

        PriorityRecorder normal = new PriorityRecorder();
        try (BoundedPasswordHasher bounded = new BoundedPasswordHasher(normal, 1, 0, Duration.ofSeconds(10))) {
            bounded.hash(PASSWORD);
        }
        assertThat(normal.nice.get()).isEqualTo(caller.nice.get()).isNotEqualTo(7);
    }

    @Test
    void the_operator_lane_runs_at_the_pools_priority() {
        assumeLinuxProc();
        PriorityRecorder caller = new PriorityRecorder();
        caller.hash(PASSWORD);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                caller.nice.get() < 9, "the tests run at nice " + caller.nice.get());
        PriorityRecorder operator = new PriorityRecorder();
        try (BoundedPasswordHasher bounded =
                new BoundedPasswordHasher(operator, 1, 0, Duration.ofSeconds(10), HashingPriority.nice(9))) {
            bounded.operatorLane().hash(PASSWORD);
        }
        assertThat(operator.nice.get())
                .as("the operator's lane, not above the users' pool")
                .isEqualTo(9);
    }

    @Test
    void a_hashing_thread_whose_set_up_fails_with_an_error_still_hashes() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        PasswordHasher failsFirst = new HashOnly() {
            @Override
            public PasswordHash hash(Password password) {
                if (calls.getAndIncrement() == 0) {
                    throw new OutOfMemoryError("the warm-up's hash"); // as at start-up with too small a heap
                }
                return new PasswordHash("ok");
            }
        };
        try (BoundedPasswordHasher bounded =
                new BoundedPasswordHasher(failsFirst, 1, 0, Duration.ofSeconds(10), HashingPriority.nice(3))) {
            assertThat(bounded.hash(PASSWORD).encoded()).isEqualTo("ok");
        }
    }

    @Test
    void lowering_never_raises_a_priority() throws Exception {
        assumeLinuxProc();
        AtomicReference<String> tid = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch known = new CountDownLatch(1);
        Thread subject = Thread.ofPlatform().daemon().start(() -> {
            tid.set(ThreadNiceness.currentThreadId().orElseThrow());
            known.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(known.await(10, TimeUnit.SECONDS)).isTrue();
            String id = tid.get();
            int base = ThreadNiceness.niceOf(id);
            org.junit.jupiter.api.Assumptions.assumeTrue(base <= 10, "the tests run at nice " + base);
            assertThat(ThreadNiceness.lower(id, HashingPriority.nice(base + 8))).isEmpty();
            assertThat(ThreadNiceness.niceOf(id)).isEqualTo(base + 8);
            assertThat(ThreadNiceness.lower(id, HashingPriority.nice(base + 2)))
                    .as("a higher priority")
                    .isEmpty();
            assertThat(ThreadNiceness.niceOf(id)).as("left where it was").isEqualTo(base + 8);
        } finally {
            done.countDown();
            subject.join();
        }
    }

    /** Holds every check of the flood password until released; any other password is hashed at once. */
    private static final class FloodHeld extends HashOnly {
        static final Password FLOOD = Password.chosen("flood-password");
        final CountDownLatch release = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public PasswordHash hash(Password password) {
            if (password.reveal().equals(FLOOD.reveal())) {
                running.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
            }
            return new PasswordHash("h$" + password.reveal());
        }
    }

    @Test
    void an_admitted_check_waits_at_most_the_admitted_wait_and_its_place_comes_back_only_when_its_hash_ends()
            throws Exception {
        FloodHeld held = new FloodHeld();
        try (BoundedPasswordHasher bounded = new BoundedPasswordHasher(
                held, 1, 0, Duration.ofMillis(50), HashingPriority.NORMAL, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> bounded.hash(FloodHeld.FLOOD)).isInstanceOf(PasswordHashingBusy.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
            assertThat(held.running.get()).as("the hash still runs").isEqualTo(1);
            assertThat(bounded.checksInProgress()).as("and keeps its place").isEqualTo(1);
            assertThatThrownBy(() -> bounded.hash(PASSWORD))
                    .as("no second check while it runs")
                    .isInstanceOf(PasswordHashingBusy.class);
            held.release.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bounded.checksInProgress() != 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(bounded.hash(PASSWORD).encoded()).isEqualTo("h$secret-password");
        }
    }

    @Test
    void a_flood_that_holds_every_place_does_not_lock_the_operator_out() {
        FloodHeld held = new FloodHeld();
        try (BoundedPasswordHasher bounded =
                        new BoundedPasswordHasher(held, 1, 1, Duration.ofMillis(50), HashingPriority.NORMAL);
                var flood = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                flood.submit(() -> bounded.hash(FloodHeld.FLOOD));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bounded.checksInProgress() < 2 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThatThrownBy(() -> bounded.hash(PASSWORD)).isInstanceOf(PasswordHashingBusy.class);
            assertThat(bounded.operatorLane().hash(PASSWORD).encoded()).isEqualTo("h$secret-password");
            held.release.countDown();
        }
    }

    @Test
    void the_setting_takes_a_nice_value_and_refuses_anything_else_idle_included() {
        assertThat(HashingPriority.parse(" 5 ")).isEqualTo(HashingPriority.nice(5));
        assertThat(HashingPriority.parse("0")).isEqualTo(HashingPriority.NORMAL);
        assertThat(HashingPriority.parse("19")).isEqualTo(HashingPriority.nice(19));
        for (String refused : List.of("", "20", "-1", "idle", "IDLE", "nice", "5.0", "0x5", "٣", "100")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HashingPriority.parse(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be a nice value of 0..19");
        }
    }

    @Test
    void no_thread_but_the_hashing_threads_runs_at_their_priority_after_virtual_threads_waited_on_them()
            throws Exception {
        assumeLinuxProc();
        for (HashingPriority priority : List.of(HashingPriority.nice(9))) {
            try (BoundedPasswordHasher bounded =
                            new BoundedPasswordHasher(new PriorityRecorder(), 2, 64, Duration.ofSeconds(10), priority);
                    var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<PasswordHash>> hashes = new java.util.ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    hashes.add(callers.submit(() -> bounded.hash(PASSWORD)));
                }
                PriorityRecorder caller = new PriorityRecorder();
                caller.hash(PASSWORD);
                for (var hash : hashes) {
                    assertThat(hash.get(10, TimeUnit.SECONDS).encoded())
                            .isEqualTo("nice$9$policy$" + caller.policy.get());
                }
                // threads inherit the priority of the thread that starts them (the virtual threads' carriers are
                // started by whoever wakes one): the callers must have been woken by a thread of normal priority
                try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                    for (var task : tasks.toList()) {
                        String tid = task.getFileName().toString();
                        String stat;
                        try {
                            stat = java.nio.file.Files.readString(task.resolve("stat"));
                        } catch (java.io.IOException gone) {
                            continue; // a thread that ended meanwhile
                        }
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        try {
                            boolean lowered = ThreadNiceness.niceOf(tid) == 9;
                            if (lowered) {
                                assertThat(name).as("a thread at " + priority).startsWith("password-hash");
                            }
                        } catch (java.io.UncheckedIOException gone) {
                            // ended meanwhile
                        }
                    }
                }
            }
        }
    }
}
