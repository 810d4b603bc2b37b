package dev.keyport.domain.apikey;

import java.time.Instant;
import java.util.Objects;

/** What the creator of a key asked for: no expiry, an instant, or a number of days from now. */
public sealed interface RequestedExpiry {
    /** Nothing asked: the key never expires, unless a maximum lifetime applies (then it gets the maximum). */
    RequestedExpiry NONE = new None();

    record None() implements RequestedExpiry {}

    record At(Instant instant) implements RequestedExpiry {
        public At {
            Objects.requireNonNull(instant, "instant");
        }
    }

    record InDays(long days) implements RequestedExpiry {}
}
