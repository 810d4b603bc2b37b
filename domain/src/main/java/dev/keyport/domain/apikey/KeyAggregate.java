package dev.keyport.domain.apikey;

import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a user's {@link KeyRing} and the app's {@link ServerKeyRoster} have in common: the keys they hold and the
 * changes to one key that need no rule of theirs (enable, disable, roll, end a grace, end sessions, remove). Each
 * subclass adds its keys under its own rules ({@code add}); everything else is stated here once. Load one locked,
 * change it, save its {@link #changes()}.
 */
public abstract sealed class KeyAggregate permits KeyRing, ServerKeyRoster {
    final HeldKeys keys;

    KeyAggregate(HeldKeys keys) {
        this.keys = keys;
    }

    /** The rules every holder checks before it adds a key: names unique among its keys, at most {@code max} keys. */
    final void requireRoomFor(ApiKeyName name, int max) {
        if (keys.hasName(name)) {
            throw new DuplicateKeyName(name.value());
        }
        if (keys.size() >= max) {
            throw new KeyLimitReached(max);
        }
    }

    public ApiKey key(ApiKeyId id) {
        return keys.key(id);
    }

    public List<ApiKey> keys() {
        return keys.all();
    }

    /** Enables a key; enabling an enabled key changes nothing. */
    public ApiKey enable(ApiKeyId id) {
        return keys.setDisabled(id, false);
    }

    /** Disables a key; disabling a disabled key changes nothing. */
    public ApiKey disable(ApiKeyId id) {
        return keys.setDisabled(id, true);
    }

    /**
     * Gives a key a new value (its digest {@code newDigest}); the old value stays accepted until
     * {@code graceUntil}, if given. Same id, name, state, expiry and sessions.
     */
    public ApiKey roll(ApiKeyId id, SecretDigest newDigest, Optional<Instant> graceUntil) {
        return keys.roll(id, newDigest, graceUntil);
    }

    /** Ends a rolled key's grace period now: its previous value stops working. */
    public ApiKey endGrace(ApiKeyId id) {
        return keys.endGrace(id);
    }

    /** Ends every session opened with the key so far; the key stays as it is otherwise. */
    public ApiKey endSessions(ApiKeyId id) {
        return keys.endSessions(id);
    }

    /** Removes a key (for a server key, its server user goes with it: the service removes it). */
    public ApiKey remove(ApiKeyId id) {
        return keys.remove(id);
    }

    /** The changes made since the aggregate was loaded, in order. */
    public List<KeyRingChange> changes() {
        return keys.changes();
    }
}
