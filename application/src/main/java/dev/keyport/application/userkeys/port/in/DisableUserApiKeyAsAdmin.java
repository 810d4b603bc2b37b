package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** An admin stops a user's key from logging in; its sessions are revoked. */
public interface DisableUserApiKeyAsAdmin {
    ChangedApiKey disable(AdminUserApiKeyCommand command);
}
