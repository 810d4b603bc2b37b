package dev.keyport.domain.id;

import java.time.Instant;
import java.util.random.RandomGenerator;

/** Identifies an API key; always 24 lowercase hex characters (see {@link ObjectIdFormat}). */
public record ApiKeyId(String value) {
    public ApiKeyId {
        ObjectIdFormat.require(value, "API key id");
    }

    public static ApiKeyId generate(Instant now, RandomGenerator random) {
        return new ApiKeyId(ObjectIdFormat.generate(now, random));
    }

    @Override
    public String toString() {
        return value;
    }
}
