package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** An admin deletes a user's key; its sessions are revoked. */
public interface DeleteUserApiKeyAsAdmin {
    ChangedApiKey delete(AdminUserApiKeyCommand command);
}
