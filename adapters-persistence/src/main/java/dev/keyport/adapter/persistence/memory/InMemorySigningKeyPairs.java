package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.signingkeys.port.out.SigningKeyPairs;
import dev.keyport.application.signingkeys.port.out.StoredKeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signing key pairs held by this process. */
final class InMemorySigningKeyPairs implements SigningKeyPairs {
    private final Map<String, StoredKeyPair> pairs = new ConcurrentHashMap<>();

    @Override
    public List<StoredKeyPair> all() {
        return List.copyOf(pairs.values());
    }

    @Override
    public void add(StoredKeyPair pair) {
        pairs.putIfAbsent(pair.kid(), pair);
    }

    @Override
    public void remove(String kid) {
        pairs.remove(kid);
    }
}
