package dev.keyport.application.serverkeys.port.in;

import dev.keyport.domain.apikey.ApiKey;

/** One server key (never its value). */
public interface GetServerApiKey {
    ApiKey get(ServerApiKeyCommand command);
}
