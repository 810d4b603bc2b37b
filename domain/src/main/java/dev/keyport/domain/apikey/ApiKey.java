package dev.keyport.domain.apikey;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One API key as stored: never its value, only the value's digest. Changes go through the
 * {@link KeyRing} that holds the key, which is what keeps the ring's rules.
 *
 * <p>Sessions opened with a key are not stored (ADR 0008): each carries the key's
 * {@code sessionGeneration} from the moment it was opened, and lives only while the key is enabled
 * and still has that generation. Disabling the key, or revoking its owner's sessions, moves the
 * generation on, so re-enabling the key later does not bring those sessions back.
 */
public record ApiKey(
        ApiKeyId id,
        UserId ownerId,
        ApiKeyName name,
        SecretDigest digest,
        boolean disabled,
        Instant createdAt,
        Optional<Instant> lastUsedAt,
        long sessionGeneration,
        Optional<Instant> expiresAt,
        Optional<PreviousValue> previousValue) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(previousValue, "previousValue");
        if (previousValue.isPresent() && previousValue.get().digest().equals(digest)) {
            throw new IllegalArgumentException("a rolled key's previous value differs from its value");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(createdAt)) {
            throw new IllegalArgumentException("a key expires after it was created");
        }
        if (sessionGeneration < 0) {
            throw new IllegalArgumentException("a session generation is never negative");
        }
    }

    /** A new key: enabled, never used, at the first session generation, expiring when given. */
    public static ApiKey created(ApiKeyId id, UserId ownerId, ApiKeyName name, SecretDigest digest, Instant now,
                                 Optional<Instant> expiresAt) {
        return new ApiKey(id, ownerId, name, digest, false, now, Optional.empty(), 0, expiresAt, Optional.empty());
    }

    /**
     * Whether a login presenting the value with this digest may open a session now: the key can log in, and the
     * value is its current one, or its previous one within the grace period that followed a roll.
     */
    public boolean accepts(SecretDigest presented, Instant now) {
        return canLogIn(now) && (digest.equals(presented)
                || previousValue.filter(previous -> previous.digest().equals(presented) && previous.acceptedAt(now)).isPresent());
    }

    /** The digests a lookup may find this key by: its value's, and its previous value's until it is dropped. */
    public java.util.List<SecretDigest> digests() {
        return previousValue.map(previous -> java.util.List.of(digest, previous.digest())).orElse(java.util.List.of(digest));
    }

    /**
     * Until when the value with this digest can log in, if the key does not change before then: the key's expiry
     * for its current value; for its previous value the end of the grace period, or the key's expiry if that comes
     * first. Empty when it has no end (a current value of a key that never expires). For a value the key does not
     * accept now, the answer means nothing.
     */
    public Optional<Instant> acceptedUntil(SecretDigest presented) {
        if (digest.equals(presented) || previousValue.isEmpty()) {
            return expiresAt;
        }
        Instant graceEnd = previousValue.get().validUntil();
        return Optional.of(expiresAt.filter(expiry -> expiry.isBefore(graceEnd)).orElse(graceEnd));
    }

    /** The end of the grace period of the previous value, while it lasts. */
    public Optional<Instant> graceUntil(Instant now) {
        return previousValue.filter(previous -> previous.acceptedAt(now)).map(PreviousValue::validUntil);
    }

    /**
     * A new value for the same key: the old one stays accepted until {@code graceUntil} (none: it stops now).
     * Sessions belong to the key, not to a value, so they are untouched: disable, delete and revocation end
     * the sessions of both values.
     */
    ApiKey rolled(SecretDigest newDigest, Optional<Instant> graceUntil) {
        return new ApiKey(id, ownerId, name, newDigest, disabled, createdAt, lastUsedAt, sessionGeneration, expiresAt,
                graceUntil.map(until -> new PreviousValue(digest, until)));
    }

    /** The previous value stops being accepted now. */
    ApiKey withGraceEnded() {
        return new ApiKey(id, ownerId, name, digest, disabled, createdAt, lastUsedAt, sessionGeneration, expiresAt,
                Optional.empty());
    }

    /** From its expiry on, a key logs nobody in and its sessions end; its record stays until deleted. */
    public boolean isExpired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    public boolean canLogIn(Instant now) {
        return !disabled && !isExpired(now);
    }

    /** Whether a session opened with this key at {@code generation} is still alive (the session's own expiry aside). */
    public boolean admitsSessionsOf(long generation, Instant now) {
        return canLogIn(now) && sessionGeneration == generation;
    }

    /** Disabling ends every session opened with the key: for good, as the generation moves on. */
    ApiKey withDisabled(boolean newState) {
        long generation = newState && !disabled ? sessionGeneration + 1 : sessionGeneration;
        return new ApiKey(id, ownerId, name, digest, newState, createdAt, lastUsedAt, generation, expiresAt, previousValue);
    }

    /** The same key with every session opened with it ended (an admin revoked its owner's sessions). */
    ApiKey withSessionsEnded() {
        return new ApiKey(id, ownerId, name, digest, disabled, createdAt, lastUsedAt, sessionGeneration + 1, expiresAt,
                previousValue);
    }
}
