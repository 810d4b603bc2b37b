package dev.keyport.domain.id;

import java.time.Instant;
import java.util.random.RandomGenerator;

/** Identifies a user; always 24 lowercase hex characters (see {@link ObjectIdFormat}). */
public record UserId(String value) {
    public UserId {
        ObjectIdFormat.require(value, "user id");
    }

    public static UserId generate(Instant now, RandomGenerator random) {
        return new UserId(ObjectIdFormat.generate(now, random));
    }

    @Override
    public String toString() {
        return value;
    }
}
