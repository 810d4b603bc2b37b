package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** Ends the grace period of a rolled server key's previous value: it stops working now. */
public interface EndServerApiKeyGrace {
    ChangedApiKey endGrace(ServerApiKeyCommand command);
}
