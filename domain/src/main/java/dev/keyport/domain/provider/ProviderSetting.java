package dev.keyport.domain.provider;

import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.user.AuthProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one authentication provider is set up, as in an App Services app directory
 * ({@code auth_providers/<name>.json}): switched on or off, plus the provider's own settings, which
 * Keyport keeps and exports; of those it reads only the {@code api-key} provider's key lifetimes
 * ({@link KeyLifetimes}). A disabled provider refuses every login through it; a disabled {@code api-key} provider also refuses creating user keys. Stored keys are kept.
 */
public record ProviderSetting(AuthProvider provider, boolean disabled, Map<String, Object> config) {
    public ProviderSetting {
        Objects.requireNonNull(provider, "provider");
        config = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(config, "config")));
        if (provider == AuthProvider.API_KEY) {
            KeyLifetimes.of(config); // the settings Keyport reads must be readable
        }
    }

    /** The {@code api-key} provider's limits on key lifetimes ({@link KeyLifetimes}); none for other providers. */
    public KeyLifetimes keyLifetimes() {
        return provider == AuthProvider.API_KEY ? KeyLifetimes.of(config) : KeyLifetimes.unlimited();
    }

    public ProviderSetting withKeyLifetimes(KeyLifetimes lifetimes) {
        if (provider != AuthProvider.API_KEY) {
            throw new IllegalArgumentException("only the api-key provider limits key lifetimes");
        }
        return new ProviderSetting(provider, disabled, lifetimes.writtenInto(config));
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
