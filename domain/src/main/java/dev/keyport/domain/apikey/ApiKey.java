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
 * <p>Sessions opened with a key are not stored (ADR 0008): each carries the session generation of the
 * value it was opened with, and lives only while the key is enabled and that value still admits that
 * generation. Disabling the key, or revoking its owner's sessions, moves every generation on, so
 * re-enabling the key later does not bring those sessions back. Rolling the key gives the new value a
 * new generation and keeps the old one with the previous value: the sessions opened with the old value
 * end when it stops being accepted (at the end of the grace period, at once without one), and those of
 * the new value are untouched by that end (ADR 0013, issue 23).
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
        if (previousValue.isPresent() && previousValue.get().sessionGeneration() >= sessionGeneration) {
            throw new IllegalArgumentException("a previous value's sessions are of an older generation than the key's");
        }
    }

    /** A new key: enabled, never used, at the first session generation, expiring when given. */
    public static ApiKey created(
            ApiKeyId id,
            UserId ownerId,
            ApiKeyName name,
            SecretDigest digest,
            Instant now,
            Optional<Instant> expiresAt) {
        return new ApiKey(id, ownerId, name, digest, false, now, Optional.empty(), 0, expiresAt, Optional.empty());
    }

    /**
     * Whether a login presenting the value with this digest may open a session now: the key can log in, and the
     * value is its current one, or its previous one within the grace period that followed a roll.
     */
    public boolean accepts(SecretDigest presented, Instant now) {
        return canLogIn(now)
                && (digest.equals(presented)
                        || previousValue
                                .filter(previous -> previous.digest().equals(presented) && previous.acceptedAt(now))
                                .isPresent());
    }

    /** The digests a lookup may find this key by: its value's, and its previous value's until it is dropped. */
    public java.util.List<SecretDigest> digests() {
        return previousValue
                .map(previous -> java.util.List.of(digest, previous.digest()))
                .orElse(java.util.List.of(digest));
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
     * The new value opens sessions of the next generation; the old value keeps its generation, so its sessions
     * end with it. A rolled key was usually leaked: whoever holds the old value keeps nothing past the grace.
     */
    ApiKey rolled(SecretDigest newDigest, Optional<Instant> graceUntil) {
        return new ApiKey(
                id,
                ownerId,
                name,
                newDigest,
                disabled,
                createdAt,
                lastUsedAt,
                sessionGeneration + 1,
                expiresAt,
                graceUntil.map(until -> new PreviousValue(digest, until, sessionGeneration)));
    }

    /** The previous value stops being accepted now. */
    ApiKey withGraceEnded() {
        return new ApiKey(
                id,
                ownerId,
                name,
                digest,
                disabled,
                createdAt,
                lastUsedAt,
                sessionGeneration,
                expiresAt,
                Optional.empty());
    }

    /** From its expiry on, a key logs nobody in and its sessions end; its record stays until deleted. */
    public boolean isExpired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    public boolean canLogIn(Instant now) {
        return !disabled && !isExpired(now);
    }

    /**
     * Whether a session opened with this key at {@code generation} is still alive (the session's own expiry aside):
     * the key can log in, and the generation is its value's, or its previous value's while that is still accepted.
     */
    public boolean admitsSessionsOf(long generation, Instant now) {
        return canLogIn(now)
                && (sessionGeneration == generation
                        || previousValue
                                .filter(previous -> previous.admitsSessionsOf(generation, now))
                                .isPresent());
    }

    /** The session generation of a session opened now with the value whose digest was presented. */
    public long sessionGenerationFor(SecretDigest presented) {
        return previousValue
                .filter(previous ->
                        !digest.equals(presented) && previous.digest().equals(presented))
                .map(PreviousValue::sessionGeneration)
                .orElse(sessionGeneration);
    }

    /** Disabling ends every session opened with the key, with either value: for good, as the generations move on. */
    ApiKey withDisabled(boolean newState) {
        if (newState && !disabled) {
            return withSessionsEnded(true);
        }
        return new ApiKey(
                id,
                ownerId,
                name,
                digest,
                newState,
                createdAt,
                lastUsedAt,
                sessionGeneration,
                expiresAt,
                previousValue);
    }

    /** The same key with every session opened with it ended (an admin revoked its owner's sessions). */
    ApiKey withSessionsEnded() {
        return withSessionsEnded(disabled);
    }

    /**
     * Every generation moves past every one handed out so far: the previous value (if any) takes the next one,
     * the value the one after.
     */
    private ApiKey withSessionsEnded(boolean newState) {
        long next = sessionGeneration + 1;
        Optional<PreviousValue> previous = previousValue.map(p -> new PreviousValue(p.digest(), p.validUntil(), next));
        return new ApiKey(
                id,
                ownerId,
                name,
                digest,
                newState,
                createdAt,
                lastUsedAt,
                previous.isPresent() ? next + 1 : next,
                expiresAt,
                previous);
    }
}
