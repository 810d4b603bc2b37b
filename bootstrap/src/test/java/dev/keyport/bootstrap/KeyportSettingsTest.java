package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration reaches the typed settings, defaults fill the rest, and a value that does not convert stops the start. */
class KeyportSettingsTest {

    private static KeyportSettings read(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder()
                .environmentPropertySource(false)
                .properties(properties)
                .build()) {
            Environment environment = context.getEnvironment().start();
            return KeyportSettings.from(environment);
        }
    }

    @Test
    void with_nothing_set_every_setting_is_its_default() {
        assertThat(read(Map.of())).isEqualTo(KeyportSettings.defaults());
    }

    @Test
    void a_set_property_replaces_its_default_and_only_it() {
        KeyportSettings settings = read(Map.of(
                "keyport.jwt.lifetime",
                "5m",
                "keyport.webhooks.max-pending-per-endpoint",
                "7",
                "keyport.login-throttle.enabled",
                "false"));
        assertThat(settings.sessions().accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.webhooks().maxPendingPerEndpoint()).isEqualTo(7);
        assertThat(settings.loginThrottle().enabled()).isFalse();
        assertThat(settings.sessions().refreshTokenLifetime())
                .isEqualTo(KeyportSettings.defaults().sessions().refreshTokenLifetime());
    }

    @Test
    void a_value_that_does_not_convert_stops_the_start_naming_the_property() {
        assertThatThrownBy(() -> read(Map.of("keyport.session.refresh-token-lifetime", "sixty days")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyport.session.refresh-token-lifetime")
                .hasMessageContaining("sixty days");
        assertThatThrownBy(() -> read(Map.of("keyport.audit.max-pending", "lots")))
                .hasMessageContaining("keyport.audit.max-pending");
    }
}
