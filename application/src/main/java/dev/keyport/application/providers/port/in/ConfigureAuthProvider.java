package dev.keyport.application.providers.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.provider.ProviderSetting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces a provider's whole setting (switch, {@code config}, {@code secret_config}, {@code metadata_fields}), as
 * App Services' admin API does, and stores the values of the secrets it names. A secret the setting names must
 * have a value, given here or stored before; values are sealed before they are stored and never shown again.
 */
public interface ConfigureAuthProvider {
    ProviderSetting configure(Command command);

    /** @param secretValues secret name to value, e.g. HS256 signing keys */
    record Command(AdminCaller admin, ProviderSetting setting, Map<String, String> secretValues) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(setting, "setting");
            secretValues = Map.copyOf(new LinkedHashMap<>(secretValues));
        }
    }
}
