package dev.keyport.application.signingkeys.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An HMAC key of refresh and admin tokens as stored: its {@code kid}, the key sealed (see
 * {@link dev.keyport.application.shared.port.out.SecretSealer}, context {@code token-key:<kid>}), when it
 * was made, from when it signs (the newest key whose time has come signs), until when it still verifies
 * ({@code verifyUntil}; empty for the newest key), and whether it is the single key of a Keyport before
 * the key set (its tokens carry no {@code kid}).
 */
public record StoredTokenKey(
        String kid,
        byte[] sealedKey,
        Instant createdAt,
        Instant signsFrom,
        Optional<Instant> verifyUntil,
        boolean legacy) {
    public StoredTokenKey {
        Objects.requireNonNull(kid, "kid");
        sealedKey = Objects.requireNonNull(sealedKey, "sealedKey").clone();
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(signsFrom, "signsFrom");
        Objects.requireNonNull(verifyUntil, "verifyUntil");
    }

    @Override
    public byte[] sealedKey() {
        return sealedKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredTokenKey that
                && kid.equals(that.kid)
                && java.util.Arrays.equals(sealedKey, that.sealedKey)
                && createdAt.equals(that.createdAt)
                && signsFrom.equals(that.signsFrom)
                && verifyUntil.equals(that.verifyUntil)
                && legacy == that.legacy;
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "StoredTokenKey[kid=" + kid + ", createdAt=" + createdAt + ", signsFrom=" + signsFrom + ", verifyUntil="
                + verifyUntil + ", legacy=" + legacy + "]";
    }
}
