package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import java.util.Arrays;
import java.util.List;

public final class InMemoryAuthProviders implements AuthProviders {
    private final InMemoryDatabase db;

    public InMemoryAuthProviders(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public ProviderSetting setting(AuthProvider provider) {
        return db.locked(() -> db.providers.getOrDefault(provider, ProviderSetting.enabledByDefault(provider)));
    }

    @Override
    public List<ProviderSetting> all() {
        return Arrays.stream(AuthProvider.values()).map(this::setting).toList();
    }

    @Override
    public void save(ProviderSetting setting) {
        db.locked(() -> db.providers.put(setting.provider(), setting));
    }
}
