package dev.keyport.application.providers.port.in;

import dev.keyport.domain.provider.ProviderSetting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Run at start-up with the providers read from an app directory: each provider in the list takes
 * the setting given; providers the directory does not mention keep their stored setting.
 */
public interface ApplyAppConfiguration {
    void apply(Command command);

    /**
     * @param source where the settings came from, for the audit trail (e.g. the directory's path)
     * @param secretValues values of the secrets the settings name ({@code secret_config}), by name; a secret named
     *        and neither given here nor stored before refuses the whole configuration
     */
    record Command(String source, List<ProviderSetting> providers, Map<String, String> secretValues) {
        public Command {
            Objects.requireNonNull(source, "source");
            providers = List.copyOf(providers);
            secretValues = Map.copyOf(new LinkedHashMap<>(secretValues));
        }

        public Command(String source, List<ProviderSetting> providers) {
            this(source, providers, Map.of());
        }
    }
}
