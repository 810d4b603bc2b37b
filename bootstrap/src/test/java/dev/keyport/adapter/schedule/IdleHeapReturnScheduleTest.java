package dev.keyport.adapter.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One full collection after the load's last collection and the idle period, none while collections go on, at most
 * one a minute, and one state for every instance in a JVM.
 */
class IdleHeapReturnScheduleTest {
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong collected = new AtomicLong();
    private final IdleHeapReturnSchedule.State state = new IdleHeapReturnSchedule.State();

    private IdleHeapReturnSchedule schedule(Duration idle) {
        return new IdleHeapReturnSchedule(
                idle,
                collections::get,
                () -> {
                    collected.incrementAndGet();
                    collections.incrementAndGet(); // System.gc() is a collection too
                },
                now::get,
                state);
    }

    private void seconds(int n, boolean loadCollects, IdleHeapReturnSchedule... schedules) {
        for (int i = 0; i < n; i++) {
            now.addAndGet(1_000_000_000L);
            if (loadCollects) {
                collections.incrementAndGet();
            }
            for (IdleHeapReturnSchedule schedule : schedules) {
                schedule.check();
            }
        }
    }

    @Test
    void collects_once_after_the_load_has_been_idle_for_the_period_and_not_again_until_the_load_returns() {
        IdleHeapReturnSchedule schedule = schedule(Duration.ofSeconds(5));
        seconds(100, true, schedule); // under load: a collection every second
        assertThat(collected).as("never while the load collects").hasValue(0);
        seconds(4, false, schedule);
        assertThat(collected).as("not before the idle period").hasValue(0);
        seconds(1, false, schedule);
        assertThat(collected).as("once the period has passed").hasValue(1);
        seconds(120, false, schedule);
        assertThat(collected).as("its own collection does not arm it again").hasValue(1);
        seconds(1, true, schedule);
        seconds(5, false, schedule);
        assertThat(collected).as("the load came back and went").hasValue(2);
    }

    @Test
    void bursts_and_quiet_get_at_most_one_collection_a_minute() {
        IdleHeapReturnSchedule schedule = schedule(Duration.ofSeconds(5));
        seconds(1, true, schedule);
        for (int round = 0; round < 30; round++) { // a burst that collects, then 5 s of quiet, for 3 minutes
            seconds(1, true, schedule);
            seconds(5, false, schedule);
        }
        assertThat(collected.get()).isBetween(2L, 4L);
    }

    @Test
    void two_contexts_in_one_jvm_do_not_set_each_other_off() {
        IdleHeapReturnSchedule one = schedule(Duration.ofSeconds(5));
        IdleHeapReturnSchedule two = schedule(Duration.ofSeconds(5));
        seconds(1, true, one, two);
        seconds(1, true, one, two);
        seconds(600, false, one, two);
        assertThat(collected).hasValue(1);
    }

    @Test
    void zero_turns_it_off_and_a_negative_or_huge_period_is_refused() {
        IdleHeapReturnSchedule schedule = schedule(Duration.ZERO);
        seconds(2, true, schedule);
        seconds(120, false, schedule);
        assertThat(collected).hasValue(0);
        assertThatThrownBy(() -> schedule(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule(Duration.ofDays(1000 * 365)))
                .as("too long to count in nanoseconds: refused, not an ArithmeticException")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdleHeapReturnSchedule(Duration.ofSeconds(-1)))
                .as("refused whatever the collector")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
