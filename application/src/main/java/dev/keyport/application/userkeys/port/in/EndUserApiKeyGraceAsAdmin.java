package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.ChangedApiKey;

/** An admin ends the grace period of a user key's previous value: it stops working now. */
public interface EndUserApiKeyGraceAsAdmin {
    ChangedApiKey endGrace(AdminUserApiKeyCommand command);
}
