package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.shared.port.in.CreatedApiKey;

import dev.keyport.application.admin.port.in.AdminCaller;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import java.util.Objects;

/** Creates a server API key and its server user; the result is the only place the value ever appears. */
public interface CreateServerApiKey {
    CreatedApiKey create(Command command);

    record Command(AdminCaller admin, ApiKeyName name) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(name, "name");
        }
    }

}
