package dev.keyport.domain.apikey;

import dev.keyport.domain.id.ApiKeyId;

/** What happened to a key ring since it was loaded; the store applies exactly these changes. */
public sealed interface KeyRingChange {
    record KeyAdded(ApiKey key) implements KeyRingChange {}

    record KeyEnabled(ApiKey key) implements KeyRingChange {}

    record KeyDisabled(ApiKey key) implements KeyRingChange {}

    record KeyRemoved(ApiKey key) implements KeyRingChange {}

    /** The key's sessions were ended: it moved to its next session generation. */
    record KeySessionsEnded(ApiKey key) implements KeyRingChange {}

    /** The key got a new value (rolled), or its previous value's grace ended: its digests changed. */
    record KeyValueChanged(ApiKey key) implements KeyRingChange {}

    default ApiKeyId keyId() {
        return switch (this) {
            case KeyAdded added -> added.key().id();
            case KeyEnabled enabled -> enabled.key().id();
            case KeyDisabled disabled -> disabled.key().id();
            case KeyRemoved removed -> removed.key().id();
            case KeySessionsEnded ended -> ended.key().id();
            case KeyValueChanged changed -> changed.key().id();
        };
    }
}
