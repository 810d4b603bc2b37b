package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.shared.port.out.ServerSecrets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Server secrets held by this process: they last as long as it does, like the rest of the in-memory store. */
final class InMemoryServerSecrets implements ServerSecrets {
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();

    @Override
    public byte[] getOrCreate(String name, Supplier<byte[]> candidate) {
        return secrets.computeIfAbsent(name, unused -> candidate.get()).clone();
    }

    @Override
    public Optional<byte[]> find(String name) {
        return Optional.ofNullable(secrets.get(name)).map(byte[]::clone);
    }

    @Override
    public void remove(String name) {
        secrets.remove(name);
    }
}
