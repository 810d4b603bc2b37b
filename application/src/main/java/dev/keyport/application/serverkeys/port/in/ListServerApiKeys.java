package dev.keyport.application.serverkeys.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.apikey.ApiKey;
import java.util.List;

/** The app's server keys, oldest first (never their values). */
public interface ListServerApiKeys {
    List<ApiKey> list(AdminCaller admin);
}
