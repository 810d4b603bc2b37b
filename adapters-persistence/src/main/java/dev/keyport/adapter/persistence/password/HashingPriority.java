package dev.keyport.adapter.persistence.password;

/**
 * The Linux scheduling priority of the password-hashing threads, against the request threads' (which keep the
 * JVM's): an absolute nice value, {@code 0} the request threads' own priority when the JVM runs at nice 0,
 * {@code 1..19} lower (nice 5: about a third of a request thread's share of a busy CPU); a JVM started under
 * {@code nice} gets no separation from a value at or below its own. Only ever lowered, never raised; see {@link ThreadNiceness}
 * for how and {@link BoundedPasswordHasher} for why.
 *
 * <p>Linux's {@code SCHED_IDLE} class is refused, not offered: it isolated key logins from a password flood better
 * (0.92x of alone against 0.78x at nice 5, 16 connections), but while anything else keeps every core busy an idle
 * thread gets almost no CPU, and the JVM's stop-the-world pauses wait for a hashing thread to reach a safepoint:
 * measured with three busy loops on two cores, time to safepoint p50 71 ms and max 2.3 s (nice 5: 5 ms and 27 ms),
 * every request stalled with it (docs/adr/0009). nice 19 stalled too, less (max 0.44 s).
 *
 * @param nice the nice value, 0..19
 */
public record HashingPriority(int nice) {
    /** The request threads' own priority: nothing is changed. */
    public static final HashingPriority NORMAL = new HashingPriority(0);

    public HashingPriority {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("a hashing priority is a nice value of 0..19, not " + nice);
        }
    }

    /** A nice value, 0..19. */
    public static HashingPriority nice(int nice) {
        return new HashingPriority(nice);
    }

    /** A nice value {@code 0}..{@code 19}; anything else is refused with the accepted forms. */
    public static HashingPriority parse(String text) {
        String value = text.strip();
        if (value.equals("idle")) {
            throw new IllegalArgumentException("must be a nice value of 0..19; idle (SCHED_IDLE) is not offered: under "
                    + "a saturated CPU the JVM's pauses wait for an idle hashing thread for up to seconds");
        }
        if (!value.isEmpty() && value.length() <= 2 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int nice = Integer.parseInt(value);
            if (nice <= 19) {
                return nice(nice);
            }
        }
        throw new IllegalArgumentException("must be a nice value of 0..19, not '" + text + "'");
    }

    /** Whether the hashing threads are changed at all. */
    boolean lowered() {
        return nice > 0;
    }

    @Override
    public String toString() {
        return "nice " + nice;
    }
}
