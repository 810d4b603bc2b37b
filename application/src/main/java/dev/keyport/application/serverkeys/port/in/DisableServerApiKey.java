package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** Stops a server key from logging in and revokes the sessions opened with it. */
public interface DisableServerApiKey {
    ChangedApiKey disable(ServerApiKeyCommand command);
}
