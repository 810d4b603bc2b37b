package dev.keyport.application.providers.port.in;

import dev.keyport.domain.provider.ProviderSetting;
import java.util.List;
import java.util.Objects;

/**
 * Run at start-up with the providers read from an app directory: each provider in the list takes
 * the setting given; providers the directory does not mention keep their stored setting.
 */
public interface ApplyAppConfiguration {
    void apply(Command command);

    /** @param source where the settings came from, for the audit trail (e.g. the directory's path) */
    record Command(String source, List<ProviderSetting> providers) {
        public Command {
            Objects.requireNonNull(source, "source");
            providers = List.copyOf(providers);
        }
    }
}
