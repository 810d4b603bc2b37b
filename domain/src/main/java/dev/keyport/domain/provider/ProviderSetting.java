package dev.keyport.domain.provider;

import dev.keyport.domain.account.UserpassSettings;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.domain.customtoken.CustomTokenSettings;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.user.AuthProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one authentication provider is set up, as in an App Services app directory
 * ({@code auth_providers/<name>.json}): switched on or off, plus the provider's own settings, which
 * Keyport keeps and exports; of those it reads only the {@code api-key} provider's key lifetimes
 * ({@link KeyLifetimes}). A disabled provider refuses every login through it; a disabled {@code api-key} provider also refuses creating user keys. Stored keys are kept.
 *
 * <p>{@code secretConfig} names the App Services secrets the provider uses (never their values: for
 * {@code custom-token}, {@code signingKeys}), and {@code metadataFields} map an identity provider's claims to the
 * user's profile data. An enabled {@code custom-token} provider must have settings Keyport can use
 * ({@link CustomTokenSettings}); it is never enabled by default.
 */
public record ProviderSetting(
        AuthProvider provider,
        boolean disabled,
        Map<String, Object> config,
        Map<String, Object> secretConfig,
        List<MetadataField> metadataFields) {
    public ProviderSetting {
        Objects.requireNonNull(provider, "provider");
        config = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(config, "config")));
        secretConfig = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(secretConfig, "secretConfig")));
        metadataFields = List.copyOf(metadataFields);
        if (provider == AuthProvider.API_KEY) {
            KeyLifetimes.of(config); // the settings Keyport reads must be readable
            keySessionsMayManageKeys(config);
        }
        if (provider == AuthProvider.CUSTOM_TOKEN && !disabled) {
            CustomTokenSettings.of(new ProviderSetting(provider, true, config, secretConfig, metadataFields));
        }
        if (provider == AuthProvider.LOCAL_USERPASS) {
            UserpassSettings.of(config); // confirmation and reset settings must be readable (ADR 0022)
        }
    }

    public ProviderSetting(AuthProvider provider, boolean disabled, Map<String, Object> config) {
        this(provider, disabled, config, Map.of(), List.of());
    }

    /** The {@code custom-token} provider's settings. */
    public CustomTokenSettings customToken() {
        return CustomTokenSettings.of(this);
    }

    /** The {@code local-userpass} provider's confirmation and reset settings ({@link UserpassSettings}). */
    public UserpassSettings userpass() {
        return provider == AuthProvider.LOCAL_USERPASS ? UserpassSettings.of(config) : UserpassSettings.defaults();
    }

    /**
     * The {@code api-key} provider's setting that lets sessions opened with a user key create, roll, enable,
     * disable and delete their owner's keys, as App Services did. Off by default (issue 23, ADR 0017): a
     * leaked key must not mint keys that outlive it. For apps that relied on managing keys from a key session.
     */
    public static final String KEY_SESSIONS_MANAGE_KEYS_SETTING = "keySessionsMayManageKeys";

    public boolean keySessionsMayManageKeys() {
        return provider == AuthProvider.API_KEY && keySessionsMayManageKeys(config);
    }

    private static boolean keySessionsMayManageKeys(Map<String, Object> config) {
        Object value = config.get(KEY_SESSIONS_MANAGE_KEYS_SETTING);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException(KEY_SESSIONS_MANAGE_KEYS_SETTING + " must be true or false");
        }
        return Boolean.TRUE.equals(value);
    }

    /** The {@code api-key} provider's limits on key lifetimes ({@link KeyLifetimes}); none for other providers. */
    public KeyLifetimes keyLifetimes() {
        return provider == AuthProvider.API_KEY ? KeyLifetimes.of(config) : KeyLifetimes.unlimited();
    }

    public ProviderSetting withKeyLifetimes(KeyLifetimes lifetimes) {
        if (provider != AuthProvider.API_KEY) {
            throw new IllegalArgumentException("only the api-key provider limits key lifetimes");
        }
        return new ProviderSetting(provider, disabled, lifetimes.writtenInto(config), secretConfig, metadataFields);
    }

    /**
     * A provider as it is when nothing configures it: enabled, without settings; but {@code custom-token}, which
     * means nothing without an identity provider's keys, is disabled (App Services had no such provider then).
     */
    public static ProviderSetting enabledByDefault(AuthProvider provider) {
        return new ProviderSetting(provider, provider == AuthProvider.CUSTOM_TOKEN, Map.of());
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
        return new ProviderSetting(provider, !enable, config, secretConfig, metadataFields);
    }
}
