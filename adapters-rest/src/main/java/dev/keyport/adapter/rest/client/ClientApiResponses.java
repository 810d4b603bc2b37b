package dev.keyport.adapter.rest.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.adapter.rest.json.Instants;
import dev.keyport.application.sessions.port.in.GetProfile;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.PreviousValue;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.UserType;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the client protocol's answers. */
public final class ClientApiResponses {
    private ClientApiResponses() {}

    @Serdeable
    public record Location(
            @JsonProperty("deployment_model") String deploymentModel,
            String location,
            String hostname,
            @JsonProperty("ws_hostname") String wsHostname) {}

    @Serdeable
    public record Login(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("user_id") String userId,
            @JsonProperty("device_id") String deviceId) {}

    @Serdeable
    public record AccessToken(@JsonProperty("access_token") String accessToken) {}

    @Serdeable
    public record Identity(
            String id,
            @JsonProperty("provider_type") String providerType,
            @JsonProperty("provider_id") String providerId) {
        boolean isApiKey(ApiKeyId key) {
            return AuthProvider.API_KEY.protocolName().equals(providerType)
                    && key.value().equals(providerId);
        }
    }

    /** {@code identities} and {@code data} are always present: realm-web and realm-core fail the login without them. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Profile(
            @JsonProperty("user_id") String userId,
            @JsonProperty("domain_id") String domainId,
            String type,
            List<Identity> identities,
            Map<String, Object> data) {
        /**
         * A key login shows the key as an identity beside the owner's; a server user's only identity already
         * is its key (same provider, same provider id), so it is not listed twice.
         */
        public static Profile of(GetProfile.Profile profile, String domainId) {
            List<Identity> identities = new ArrayList<>();
            for (dev.keyport.domain.user.Identity identity : profile.user().identities()) {
                identities.add(new Identity(
                        identity.id().value(), identity.provider().protocolName(), identity.providerUserId()));
            }
            profile.loggedInWith()
                    .filter(key -> identities.stream().noneMatch(identity -> identity.isApiKey(key)))
                    .ifPresent(key -> identities.add(
                            new Identity(key.value(), AuthProvider.API_KEY.protocolName(), key.value())));
            // custom-token users carry the metadata their identity provider's token mapped; email users their address
            Map<String, Object> data =
                    new java.util.LinkedHashMap<>(profile.user().data());
            profile.user().email().ifPresent(email -> data.put("email", email.value()));
            return new Profile(
                    profile.user().id().value(),
                    domainId,
                    profile.user().type() == UserType.SERVER ? "server" : "normal",
                    identities,
                    data);
        }
    }

    /**
     * A key as listed or fetched: never its value. {@code expires_at} (null: never) is a Keyport extension
     * that App Services clients ignore.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Key(
            @JsonProperty("_id") String id,
            String name,
            boolean disabled,
            @JsonProperty("expires_at") String expiresAt,
            @JsonProperty("previous_key_valid_until") String previousKeyValidUntil) {
        public static Key of(ApiKey key) {
            return new Key(key.id().value(), key.name().value(), key.disabled(), expiry(key), previousValidUntil(key));
        }
    }

    public static String expiry(ApiKey key) {
        return Instants.isoOrNull(key.expiresAt());
    }

    /** Until when a rolled key's previous value is accepted (null: it was never rolled, or its grace was ended). */
    public static String previousValidUntil(ApiKey key) {
        return Instants.isoOrNull(key.previousValue().map(PreviousValue::validUntil));
    }

    /** A rolled key: its new value, shown this once, and until when the old one still works. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RolledKey(
            @JsonProperty("_id") String id,
            String key,
            String name,
            boolean disabled,
            @JsonProperty("expires_at") String expiresAt,
            @JsonProperty("previous_key_valid_until") String previousKeyValidUntil) {
        public static RolledKey of(dev.keyport.application.shared.port.in.CreatedApiKey rolled) {
            ApiKey key = rolled.key();
            return new RolledKey(
                    key.id().value(),
                    rolled.secret().reveal(),
                    key.name().value(),
                    key.disabled(),
                    expiry(key),
                    previousValidUntil(key));
        }
    }

    /** A key just created: the only answer that ever carries {@code key}, the value. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CreatedKey(
            @JsonProperty("_id") String id,
            String key,
            String name,
            boolean disabled,
            @JsonProperty("expires_at") String expiresAt) {
        public static CreatedKey of(dev.keyport.application.shared.port.in.CreatedApiKey created) {
            ApiKey key = created.key();
            return new CreatedKey(
                    key.id().value(), created.secret().reveal(), key.name().value(), key.disabled(), expiry(key));
        }
    }

    @Serdeable
    public record Empty() {}
}
