package dev.keyport.application.userkeys.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.apikey.ApiKey;
import java.util.List;

/** The caller's keys, oldest first (never their values). */
public interface ListUserApiKeys {
    List<ApiKey> list(Caller caller);
}
