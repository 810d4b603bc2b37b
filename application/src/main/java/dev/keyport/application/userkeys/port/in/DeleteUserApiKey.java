package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** Deletes a key for good and revokes the sessions opened with it. */
public interface DeleteUserApiKey {
    ChangedApiKey delete(UserApiKeyCommand command);
}
