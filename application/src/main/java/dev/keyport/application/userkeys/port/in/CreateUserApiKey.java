package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.RequestedExpiry;
import java.util.Objects;

/** Creates a user API key; the result is the only place its value ever appears. */
public interface CreateUserApiKey {
    CreatedApiKey create(Command command);

    /** {@code expiry}: what the user asked for; bounded by the user-key limit ({@link dev.keyport.domain.apikey.KeyLifetimes}). */
    record Command(Caller caller, ApiKeyName name, RequestedExpiry expiry) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expiry, "expiry");
        }

        public Command(Caller caller, ApiKeyName name) {
            this(caller, name, RequestedExpiry.NONE);
        }
    }
}
