package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.domain.id.ApiKeyId;
import java.util.Objects;

/**
 * Gives one of the caller's keys a new value, shown once in the result; the old value keeps working for
 * {@code graceSeconds} (0: it stops now), at most the longest grace period the admin allows.
 */
public interface RollUserApiKey {
    CreatedApiKey roll(Command command);

    record Command(Caller caller, ApiKeyId keyId, long graceSeconds) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(keyId, "keyId");
        }
    }
}
