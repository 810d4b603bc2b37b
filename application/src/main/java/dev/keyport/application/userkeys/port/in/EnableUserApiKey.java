package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** Lets a disabled key log in again. Enabling an enabled key is allowed and changes nothing. */
public interface EnableUserApiKey {
    ChangedApiKey enable(UserApiKeyCommand command);
}
