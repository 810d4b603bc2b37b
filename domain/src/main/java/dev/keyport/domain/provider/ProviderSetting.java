package dev.keyport.domain.provider;

import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.user.AuthProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one authentication provider is set up, as in an App Services app directory
 * ({@code auth_providers/<name>.json}): switched on or off, plus the provider's own settings, which
 * Keyport keeps and exports but does not interpret. A disabled provider refuses every login through
 * it; a disabled {@code api-key} provider also refuses creating user keys. Stored keys are kept.
 */
public record ProviderSetting(AuthProvider provider, boolean disabled, Map<String, Object> config) {
    public ProviderSetting {
        Objects.requireNonNull(provider, "provider");
        config = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(config, "config")));
    }

    /** A provider as it is when nothing configures it: enabled, without settings. */
    public static ProviderSetting enabledByDefault(AuthProvider provider) {
        return new ProviderSetting(provider, false, Map.of());
    }

    public boolean enabled() {
        return !disabled;
    }

    /** Refuses anything done through a disabled provider. */
    public void requireEnabled() {
        if (disabled) {
            throw new ProviderDisabled(provider.protocolName());
        }
    }

    public ProviderSetting switchedTo(boolean enable) {
        return new ProviderSetting(provider, !enable, config);
    }
}
