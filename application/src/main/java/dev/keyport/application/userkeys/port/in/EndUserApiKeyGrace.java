package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/**
 * The owner ends the grace period of a rolled key's previous value: it stops working now, and the sessions
 * opened with it end. Ending the grace of a key not in one changes nothing.
 */
public interface EndUserApiKeyGrace {
    ChangedApiKey endGrace(UserApiKeyCommand command);
}
