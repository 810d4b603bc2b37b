package dev.keyport.domain.apikey;

import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys an aggregate holds, in creation order, and the changes made to them since it was loaded.
 * The mechanics that {@link KeyRing} and {@link ServerKeyRoster} share; the rules stay with each.
 */
final class HeldKeys {
    private final Map<ApiKeyId, ApiKey> keys = new LinkedHashMap<>();
    private final List<KeyRingChange> changes = new ArrayList<>();

    HeldKeys(List<ApiKey> stored) {
        stored.forEach(key -> keys.put(key.id(), key));
    }

    ApiKey key(ApiKeyId id) {
        ApiKey key = keys.get(id);
        if (key == null) {
            throw new ApiKeyNotFound();
        }
        return key;
    }

    List<ApiKey> all() {
        return List.copyOf(keys.values());
    }

    int size() {
        return keys.size();
    }

    boolean hasName(ApiKeyName name) {
        return keys.values().stream().anyMatch(key -> key.name().equals(name));
    }

    ApiKey add(ApiKey key) {
        keys.put(key.id(), key);
        changes.add(new KeyRingChange.KeyAdded(key));
        return key;
    }

    /** Sets the key's state; setting the state it already has changes nothing and records nothing. */
    ApiKey setDisabled(ApiKeyId id, boolean disabled) {
        ApiKey key = key(id);
        if (key.disabled() == disabled) {
            return key;
        }
        ApiKey changed = key.withDisabled(disabled);
        keys.put(id, changed);
        changes.add(disabled ? new KeyRingChange.KeyDisabled(changed) : new KeyRingChange.KeyEnabled(changed));
        return changed;
    }

    /** Ends every session opened with the key so far; the key itself stays as it is. */
    ApiKey endSessions(ApiKeyId id) {
        ApiKey changed = key(id).withSessionsEnded();
        keys.put(id, changed);
        changes.add(new KeyRingChange.KeySessionsEnded(changed));
        return changed;
    }

    /** Gives the key a new value; the old one stays accepted until {@code graceUntil}, if given. */
    ApiKey roll(ApiKeyId id, SecretDigest newDigest, Optional<Instant> graceUntil) {
        return changeValue(key(id).rolled(newDigest, graceUntil));
    }

    /** Ends the grace period of the key's previous value; a key not in grace is left as it is. */
    ApiKey endGrace(ApiKeyId id) {
        ApiKey key = key(id);
        return key.previousValue().isEmpty() ? key : changeValue(key.withGraceEnded());
    }

    private ApiKey changeValue(ApiKey changed) {
        keys.put(changed.id(), changed);
        changes.add(new KeyRingChange.KeyValueChanged(changed));
        return changed;
    }

    ApiKey remove(ApiKeyId id) {
        ApiKey removed = key(id);
        keys.remove(id);
        changes.add(new KeyRingChange.KeyRemoved(removed));
        return removed;
    }

    List<KeyRingChange> changes() {
        return Collections.unmodifiableList(changes);
    }
}
