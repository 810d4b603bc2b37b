package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.id.ApiKeyId;
import java.util.Objects;

/** An admin acting on one server key. */
public record ServerApiKeyCommand(AdminCaller admin, ApiKeyId keyId) {
    public ServerApiKeyCommand {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(keyId, "keyId");
    }
}
