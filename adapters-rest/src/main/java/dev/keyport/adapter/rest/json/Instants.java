package dev.keyport.adapter.rest.json;

import java.time.Instant;
import java.util.Optional;

/** How answers write an instant that may be absent: ISO-8601 UTC, or JSON null. */
public final class Instants {
    private Instants() {}

    public static String isoOrNull(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
