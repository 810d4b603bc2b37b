package dev.keyport.application.accounts.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.provider.ProviderSetting;
import java.util.Map;
import java.util.Objects;

/**
 * Sets the {@code local-userpass} provider's confirmation and reset settings (the App Services names, ADR 0022);
 * the settings given replace those named, others are kept. Refused (nothing changed) when they do not read.
 */
public interface ConfigureUserpass {
    ProviderSetting configure(Command command);

    record Command(AdminCaller admin, Map<String, Object> settings) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)); // null: remove
        }
    }
}
