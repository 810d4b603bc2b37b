package dev.keyport.adapter.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One full collection after the load's last collection and the idle period, and none while collections go on. */
class IdleHeapReturnScheduleTest {
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    private final AtomicLong collected = new AtomicLong();

    private IdleHeapReturnSchedule schedule(Duration idle) {
        return new IdleHeapReturnSchedule(
                idle,
                collections::get,
                () -> {
                    collected.incrementAndGet();
                    collections.incrementAndGet(); // System.gc() is a collection too
                },
                now::get);
    }

    private void second(IdleHeapReturnSchedule schedule, boolean loadCollected) {
        now.addAndGet(1_000_000_000L);
        if (loadCollected) {
            collections.incrementAndGet();
        }
        schedule.check();
    }

    @Test
    void collects_once_after_the_load_has_been_idle_for_the_period_and_not_again_until_the_load_returns() {
        IdleHeapReturnSchedule schedule = schedule(Duration.ofSeconds(5));
        for (int i = 0; i < 30; i++) {
            second(schedule, true); // under load: a collection every second
        }
        assertThat(collected).as("never while the load collects").hasValue(0);
        for (int i = 0; i < 4; i++) {
            second(schedule, false);
        }
        assertThat(collected).as("not before the idle period").hasValue(0);
        second(schedule, false);
        assertThat(collected).as("once the period has passed").hasValue(1);
        for (int i = 0; i < 60; i++) {
            second(schedule, false);
        }
        assertThat(collected).as("its own collection does not arm it again").hasValue(1);
        second(schedule, true);
        for (int i = 0; i < 5; i++) {
            second(schedule, false);
        }
        assertThat(collected).as("the load came back and went").hasValue(2);
    }

    @Test
    void zero_turns_it_off() {
        IdleHeapReturnSchedule schedule = schedule(Duration.ZERO);
        second(schedule, true);
        for (int i = 0; i < 60; i++) {
            second(schedule, false);
        }
        assertThat(collected).hasValue(0);
    }
}
