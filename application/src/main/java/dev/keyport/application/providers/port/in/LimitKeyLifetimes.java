package dev.keyport.application.providers.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.domain.provider.ProviderSetting;
import java.util.Objects;

/** Sets the longest lifetime of new user and server API keys (settings of the api-key provider); existing keys keep theirs. */
public interface LimitKeyLifetimes {
    ProviderSetting limit(Command command);

    record Command(AdminCaller admin, KeyLifetimes lifetimes) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(lifetimes, "lifetimes");
        }
    }
}
