package dev.keyport.application.userkeys.port.in;

import dev.keyport.domain.apikey.ApiKey;

/** Stops a key from logging in and revokes the sessions opened with it. */
public interface DisableUserApiKey {
    Disabled disable(UserApiKeyCommand command);

    record Disabled(ApiKey key, int revokedSessions) {
    }
}
