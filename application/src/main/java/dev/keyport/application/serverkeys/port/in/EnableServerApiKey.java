package dev.keyport.application.serverkeys.port.in;

import dev.keyport.domain.apikey.ApiKey;

/** Lets a server key log in again. */
public interface EnableServerApiKey {
    ApiKey enable(ServerApiKeyCommand command);
}
