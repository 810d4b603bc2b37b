package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.CreatedApiKey;

import dev.keyport.application.shared.port.in.Caller;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.secret.ApiKeySecret;
import java.util.Objects;

/** Creates a user API key; the result is the only place its value ever appears. */
public interface CreateUserApiKey {
    CreatedApiKey create(Command command);

    record Command(Caller caller, ApiKeyName name) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(name, "name");
        }
    }

}
