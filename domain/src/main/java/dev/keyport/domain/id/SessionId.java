package dev.keyport.domain.id;

import java.time.Instant;
import java.util.random.RandomGenerator;

/** Identifies a login session (one refresh token); always 24 lowercase hex characters (see {@link ObjectIdFormat}). */
public record SessionId(String value) {
    public SessionId {
        ObjectIdFormat.require(value, "session id");
    }

    public static SessionId generate(Instant now, RandomGenerator random) {
        return new SessionId(ObjectIdFormat.generate(now, random));
    }

    @Override
    public String toString() {
        return value;
    }
}
