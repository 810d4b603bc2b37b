package dev.keyport.application.sessions.port.out;

import java.time.Duration;
import java.util.List;

/**
 * Failed logins counted per throttling key (a client address, an account) in fixed windows, shared
 * by every instance that uses the same store, so that N instances do not allow N times the limit.
 * Only failures are written; a login that succeeds costs nothing here.
 */
public interface LoginFailures {

    /**
     * Adds one failure to each key, opening a new window for a key whose window has ended. Returns,
     * for each key in order, the failures in its current window and the time until that window ends.
     */
    List<Tally> record(List<String> keys, Duration window);

    record Tally(String key, int failures, Duration remaining) {}
}
