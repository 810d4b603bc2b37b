package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.providers.port.out.ProviderSecrets;
import java.util.Optional;

/** Provider secrets held by this process, sealed as given. */
final class InMemoryProviderSecrets implements ProviderSecrets {
    private final InMemoryDatabase db;

    InMemoryProviderSecrets(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void put(String name, byte[] sealedValue) {
        db.locked(() -> db.providerSecrets.put(name, sealedValue.clone()));
    }

    @Override
    public Optional<byte[]> find(String name) {
        return db.locked(() -> Optional.ofNullable(db.providerSecrets.get(name)).map(byte[]::clone));
    }
}
