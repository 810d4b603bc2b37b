package dev.keyport.domain.id;

import java.time.Instant;
import java.util.random.RandomGenerator;

/** Identifies the device a client logs in from; the client echoes it back on later logins; always 24 lowercase hex characters (see {@link ObjectIdFormat}). */
public record DeviceId(String value) {
    public DeviceId {
        ObjectIdFormat.require(value, "device id");
    }

    public static DeviceId generate(Instant now, RandomGenerator random) {
        return new DeviceId(ObjectIdFormat.generate(now, random));
    }

    @Override
    public String toString() {
        return value;
    }
}
