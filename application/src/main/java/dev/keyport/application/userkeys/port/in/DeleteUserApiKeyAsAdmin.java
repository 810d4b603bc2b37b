package dev.keyport.application.userkeys.port.in;

/** An admin deletes a user's key; its sessions are revoked. */
public interface DeleteUserApiKeyAsAdmin {
    DeleteUserApiKey.Deleted delete(AdminUserApiKeyCommand command);
}
