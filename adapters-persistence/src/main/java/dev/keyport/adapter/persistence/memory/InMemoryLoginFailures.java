package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.sessions.port.out.LoginFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Failure windows in a map, by this clock; shared by whatever holds the same instance. */
public final class InMemoryLoginFailures implements LoginFailures {
    private record Window(Instant start, int failures) {}

    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public InMemoryLoginFailures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<Tally> record(List<String> keys, Duration window) {
        Instant now = clock.instant();
        windows.values().removeIf(open -> !now.isBefore(open.start().plus(window)));
        List<Tally> tallies = new ArrayList<>();
        for (String key : keys) {
            Window counted = windows.merge(
                    key, new Window(now, 1), (open, fresh) -> new Window(open.start(), open.failures() + 1));
            tallies.add(new Tally(
                    key,
                    counted.failures(),
                    Duration.between(now, counted.start().plus(window))));
        }
        return tallies;
    }
}
