package dev.keyport.application.providers.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import java.util.Objects;

/** Switches a provider on or off. Keys and users are kept either way. */
public interface SwitchAuthProvider {
    ProviderSetting switchProvider(Command command);

    record Command(AdminCaller admin, AuthProvider provider, boolean enable) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(provider, "provider");
        }
    }
}
