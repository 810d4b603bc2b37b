package dev.keyport.application.userkeys.port.in;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.error.ApiKeyNotFound;

/** One of the caller's keys (never its value). */
public interface GetUserApiKey {
    /** @throws ApiKeyNotFound also when the key exists but belongs to someone else */
    ApiKey get(UserApiKeyCommand command);
}
