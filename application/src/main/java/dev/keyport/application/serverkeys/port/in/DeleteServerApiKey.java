package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** Deletes a server key together with its server user and that user's sessions. */
public interface DeleteServerApiKey {
    ChangedApiKey delete(ServerApiKeyCommand command);
}
