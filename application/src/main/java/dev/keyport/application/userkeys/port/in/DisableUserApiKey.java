package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** Stops a key from logging in and revokes the sessions opened with it. */
public interface DisableUserApiKey {
    ChangedApiKey disable(UserApiKeyCommand command);
}
