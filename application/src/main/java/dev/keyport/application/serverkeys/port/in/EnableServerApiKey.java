package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** Lets a server key log in again. */
public interface EnableServerApiKey {
    ChangedApiKey enable(ServerApiKeyCommand command);
}
