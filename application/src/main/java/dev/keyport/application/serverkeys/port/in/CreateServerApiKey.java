package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.RequestedExpiry;
import java.util.Objects;

/** Creates a server API key and its server user; the result is the only place the value ever appears. */
public interface CreateServerApiKey {
    CreatedApiKey create(Command command);

    /** {@code expiry}: what the admin asked for; bounded by the server-key limit ({@link dev.keyport.domain.apikey.KeyLifetimes}). */
    record Command(AdminCaller admin, ApiKeyName name, RequestedExpiry expiry) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expiry, "expiry");
        }

        public Command(AdminCaller admin, ApiKeyName name) {
            this(admin, name, RequestedExpiry.NONE);
        }
    }
}
