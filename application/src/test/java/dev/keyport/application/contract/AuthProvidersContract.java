package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.providers.port.out.AuthProviders} adapter must do. */
public abstract class AuthProvidersContract extends PortContract {

    @Test
    public void a_provider_nobody_configured_is_enabled_without_settings_but_custom_token_is_off() {
        assertThat(ports.providers().all())
                .containsExactly(
                        ProviderSetting.enabledByDefault(AuthProvider.LOCAL_USERPASS),
                        ProviderSetting.enabledByDefault(AuthProvider.ANON_USER),
                        ProviderSetting.enabledByDefault(AuthProvider.API_KEY),
                        ProviderSetting.enabledByDefault(AuthProvider.CUSTOM_TOKEN));
        assertThat(ports.providers().setting(AuthProvider.CUSTOM_TOKEN).disabled())
                .isTrue();
    }

    @Test
    public void a_custom_token_setting_is_read_back_with_its_secret_names_and_metadata_fields() {
        ProviderSetting customToken = new ProviderSetting(
                AuthProvider.CUSTOM_TOKEN,
                false,
                Map.of("signingAlgorithm", "HS256", "audience", List.of("app"), "requireAnyAudience", true),
                Map.of("signingKeys", List.of("k1", "k2")),
                List.of(
                        new dev.keyport.domain.provider.MetadataField(true, "user_data.email", "email"),
                        new dev.keyport.domain.provider.MetadataField(false, "name", null)));
        ports.providers().save(customToken);
        assertThat(ports.providers().setting(AuthProvider.CUSTOM_TOKEN)).isEqualTo(customToken);
        assertThat(ports.providers()
                        .setting(AuthProvider.CUSTOM_TOKEN)
                        .customToken()
                        .signingKeyNames())
                .containsExactly("k1", "k2");
    }

    @Test
    public void a_saved_setting_is_read_back_at_once_with_its_config() {
        ProviderSetting userpass = new ProviderSetting(
                AuthProvider.LOCAL_USERPASS,
                true,
                Map.of(
                        "autoConfirm",
                        true,
                        "resetPasswordUrl",
                        "https://example.org/reset",
                        "nested",
                        Map.of("list", List.of(1, "two"))));
        ports.providers().save(userpass);
        assertThat(ports.providers().setting(AuthProvider.LOCAL_USERPASS)).isEqualTo(userpass);
        ports.providers().save(userpass.switchedTo(true));
        assertThat(ports.providers().setting(AuthProvider.LOCAL_USERPASS).enabled())
                .isTrue();
        assertThat(ports.providers().setting(AuthProvider.LOCAL_USERPASS).config())
                .isEqualTo(userpass.config());
        assertThat(ports.providers().setting(AuthProvider.API_KEY))
                .isEqualTo(ProviderSetting.enabledByDefault(AuthProvider.API_KEY));
    }
}
