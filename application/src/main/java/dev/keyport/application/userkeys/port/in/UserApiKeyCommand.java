package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.id.ApiKeyId;
import java.util.Objects;

/** One of the caller's keys, by id: the input of fetching, enabling, disabling and deleting a key. */
public record UserApiKeyCommand(Caller caller, ApiKeyId keyId) {
    public UserApiKeyCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(keyId, "keyId");
    }
}
