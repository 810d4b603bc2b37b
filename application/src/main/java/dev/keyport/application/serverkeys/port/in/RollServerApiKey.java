package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.domain.id.ApiKeyId;
import java.util.Objects;

/** Gives a server key a new value, shown once; the old value keeps working for {@code graceSeconds} (0: stops now). */
public interface RollServerApiKey {
    CreatedApiKey roll(Command command);

    record Command(AdminCaller admin, ApiKeyId keyId, long graceSeconds) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(keyId, "keyId");
        }
    }
}
