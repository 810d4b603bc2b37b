package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import java.util.Objects;

/** An admin acting on one of a user's keys. */
public record AdminUserApiKeyCommand(AdminCaller admin, UserId owner, ApiKeyId keyId) {
    public AdminUserApiKeyCommand {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(keyId, "keyId");
    }
}
