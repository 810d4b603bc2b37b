package dev.keyport.application.userkeys.port.in;

import dev.keyport.domain.apikey.ApiKey;

/** Deletes a key for good and revokes the sessions opened with it. */
public interface DeleteUserApiKey {
    Deleted delete(UserApiKeyCommand command);

    record Deleted(ApiKey key, int revokedSessions) {
    }
}
