package dev.keyport.adapter.rest.client;

import dev.keyport.domain.apikey.PreviousValue;
import dev.keyport.adapter.rest.json.Instants;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.user.AuthProvider;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the client protocol's answers. */
final class ClientApiResponses {
    private ClientApiResponses() {
    }

    @Serdeable
    record Location(@JsonProperty("deployment_model") String deploymentModel, String location, String hostname,
                    @JsonProperty("ws_hostname") String wsHostname) {
    }

    @Serdeable
    record Login(@JsonProperty("access_token") String accessToken, @JsonProperty("refresh_token") String refreshToken,
                 @JsonProperty("user_id") String userId, @JsonProperty("device_id") String deviceId) {
    }

    @Serdeable
    record AccessToken(@JsonProperty("access_token") String accessToken) {
    }

    @Serdeable
    record Identity(String id, @JsonProperty("provider_type") String providerType,
                    @JsonProperty("provider_id") String providerId) {
        boolean isApiKey(ApiKeyId key) {
            return AuthProvider.API_KEY.protocolName().equals(providerType) && key.value().equals(providerId);
        }
    }

    /** {@code identities} and {@code data} are always present: realm-web and realm-core fail the login without them. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Profile(@JsonProperty("user_id") String userId, @JsonProperty("domain_id") String domainId, String type,
                   List<Identity> identities, Map<String, Object> data) {
    }

    /**
     * A key as listed or fetched: never its value. {@code expires_at} (null: never) is a Keyport extension
     * that App Services clients ignore.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Key(@JsonProperty("_id") String id, String name, boolean disabled, @JsonProperty("expires_at") String expiresAt,
               @JsonProperty("previous_key_valid_until") String previousKeyValidUntil) {
        static Key of(ApiKey key) {
            return new Key(key.id().value(), key.name().value(), key.disabled(), expiry(key), previousValidUntil(key));
        }
    }

    static String expiry(ApiKey key) {
        return Instants.isoOrNull(key.expiresAt());
    }

    /** Until when a rolled key's previous value is accepted (null: it was never rolled, or its grace was ended). */
    static String previousValidUntil(ApiKey key) {
        return Instants.isoOrNull(key.previousValue().map(PreviousValue::validUntil));
    }

    /** A rolled key: its new value, shown this once, and until when the old one still works. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RolledKey(@JsonProperty("_id") String id, String key, String name, boolean disabled,
                     @JsonProperty("expires_at") String expiresAt,
                     @JsonProperty("previous_key_valid_until") String previousKeyValidUntil) {
        static RolledKey of(dev.keyport.application.shared.port.in.CreatedApiKey rolled) {
            ApiKey key = rolled.key();
            return new RolledKey(key.id().value(), rolled.secret().reveal(), key.name().value(), key.disabled(),
                    expiry(key), previousValidUntil(key));
        }
    }

    /** A key just created: the only answer that ever carries {@code key}, the value. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CreatedKey(@JsonProperty("_id") String id, String key, String name, boolean disabled,
                      @JsonProperty("expires_at") String expiresAt) {
    }

    @Serdeable
    record Empty() {
    }
}
