package dev.keyport.application.userkeys.port.in;

/** An admin stops a user's key from logging in; its sessions are revoked. */
public interface DisableUserApiKeyAsAdmin {
    DisableUserApiKey.Disabled disable(AdminUserApiKeyCommand command);
}
