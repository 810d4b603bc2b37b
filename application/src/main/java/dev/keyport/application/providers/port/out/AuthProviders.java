package dev.keyport.application.providers.port.out;

import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import java.util.List;

/** Where the providers' settings are kept. A provider nobody has configured is enabled. */
public interface AuthProviders {

    /**
     * The provider's setting. This is on every login's path, so a store may answer from a cache:
     * a change saved through this store is visible at once, a change made by another instance
     * within the store's documented refresh interval.
     */
    ProviderSetting setting(AuthProvider provider);

    /** All three providers, in {@link AuthProvider} order. */
    List<ProviderSetting> all();

    void save(ProviderSetting setting);
}
