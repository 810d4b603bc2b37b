package dev.keyport.domain.id;

import java.time.Instant;
import java.util.random.RandomGenerator;

/** Identifies one of a user's identities (one per provider they log in with); always 24 lowercase hex characters (see {@link ObjectIdFormat}). */
public record IdentityId(String value) {
    public IdentityId {
        ObjectIdFormat.require(value, "identity id");
    }

    public static IdentityId generate(Instant now, RandomGenerator random) {
        return new IdentityId(ObjectIdFormat.generate(now, random));
    }

    @Override
    public String toString() {
        return value;
    }
}
