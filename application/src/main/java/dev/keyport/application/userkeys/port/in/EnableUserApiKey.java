package dev.keyport.application.userkeys.port.in;

import dev.keyport.domain.apikey.ApiKey;

/** Lets a disabled key log in again. Enabling an enabled key is allowed and changes nothing. */
public interface EnableUserApiKey {
    Enabled enable(UserApiKeyCommand command);

    record Enabled(ApiKey key) {
    }
}
