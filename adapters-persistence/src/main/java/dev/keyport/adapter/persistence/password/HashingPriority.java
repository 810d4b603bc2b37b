package dev.keyport.adapter.persistence.password;

/**
 * The Linux scheduling priority of the password-hashing threads, against the request threads' (which keep the
 * JVM's): {@link #IDLE}, the {@code SCHED_IDLE} class, whose threads run when no ordinary thread wants the CPU
 * and, while one does, get only a sliver of it (weight 3 against an ordinary thread's 1,024); or a nice value
 * ({@code 0} is the request threads' own priority, {@code 1..19} lower by that much). Only ever lowered, never
 * raised; see {@link ThreadNiceness} for how and {@link BoundedPasswordHasher} for why.
 *
 * @param idle {@code SCHED_IDLE}; {@code nice} is then 0 and unused
 * @param nice the nice value, 0..19, when not idle
 */
public record HashingPriority(boolean idle, int nice) {
    /** The request threads' own priority: nothing is changed. */
    public static final HashingPriority NORMAL = new HashingPriority(false, 0);
    /** Linux's {@code SCHED_IDLE}: hashing takes CPU time that key logins and refreshes leave. */
    public static final HashingPriority IDLE = new HashingPriority(true, 0);

    public HashingPriority {
        if (nice < 0 || nice > 19 || (idle && nice != 0)) {
            throw new IllegalArgumentException("a hashing priority is idle or a nice value of 0..19, not " + nice);
        }
    }

    /** A nice value, 0..19. */
    public static HashingPriority nice(int nice) {
        return new HashingPriority(false, nice);
    }

    /** {@code idle} or a nice value {@code 0}..{@code 19}; anything else is refused with the accepted forms. */
    public static HashingPriority parse(String text) {
        String value = text.strip();
        if (value.equals("idle")) {
            return IDLE;
        }
        if (!value.isEmpty() && value.length() <= 2 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int nice = Integer.parseInt(value);
            if (nice <= 19) {
                return nice(nice);
            }
        }
        throw new IllegalArgumentException("must be idle or a nice value of 0..19, not '" + text + "'");
    }

    /** Whether the hashing threads are changed at all. */
    boolean lowered() {
        return idle || nice > 0;
    }

    @Override
    public String toString() {
        return idle ? "idle (SCHED_IDLE)" : "nice " + nice;
    }
}
