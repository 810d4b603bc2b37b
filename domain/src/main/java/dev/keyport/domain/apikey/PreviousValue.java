package dev.keyport.domain.apikey;

import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.Objects;

/** The value a key had before it was rolled: still accepted for logins until {@code validUntil}, then never. */
public record PreviousValue(SecretDigest digest, Instant validUntil) {
    public PreviousValue {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(validUntil, "validUntil");
    }

    public boolean acceptedAt(Instant now) {
        return now.isBefore(validUntil);
    }
}
