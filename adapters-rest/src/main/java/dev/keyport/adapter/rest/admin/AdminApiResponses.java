package dev.keyport.adapter.rest.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.adapter.rest.json.Instants;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.PreviousValue;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.provider.ProviderDocument;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import io.micronaut.serde.annotation.Serdeable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the admin API's answers. Times are ISO-8601 UTC strings. */
public final class AdminApiResponses {
    private AdminApiResponses() {}

    @Serdeable
    public record AdminLogin(@JsonProperty("access_token") String accessToken, String username) {}

    /** A provider as App Services' admin API lists it ({@code _id} is the name). */
    @Serdeable
    public record Provider(
            @JsonProperty("_id") String id,
            String name,
            String type,
            boolean disabled,
            Map<String, Object> config,
            @JsonProperty("secret_config") Map<String, Object> secretConfig,
            @JsonProperty("metadata_fields") List<Object> metadataFields) {
        @SuppressWarnings("unchecked")
        public static Provider of(ProviderSetting setting) {
            String name = setting.provider().protocolName();
            Map<String, Object> document = ProviderDocument.write(setting);
            return new Provider(
                    name, name, name, setting.disabled(), setting.config(), setting.secretConfig(), (List<Object>)
                            document.getOrDefault("metadata_fields", List.of()));
        }
    }

    /** Every provider as its app-directory file; secret values are never in them, only the secrets' names. */
    public static Map<String, Map<String, Object>> export(List<ProviderSetting> settings) {
        Map<String, Map<String, Object>> files = new LinkedHashMap<>();
        for (ProviderSetting setting : settings) {
            files.put("auth_providers/" + setting.provider().protocolName() + ".json", ProviderDocument.write(setting));
        }
        return files;
    }

    /** A key as an admin sees it: never its value. {@code expires_at} is null for a key that never expires. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Key(
            @JsonProperty("_id") String id,
            String name,
            boolean disabled,
            @JsonProperty("user_id") String userId,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("last_used_at") String lastUsedAt,
            @JsonProperty("expires_at") String expiresAt,
            @JsonProperty("previous_key_valid_until") String previousKeyValidUntil) {
        public static Key of(ApiKey key) {
            return new Key(
                    key.id().value(),
                    key.name().value(),
                    key.disabled(),
                    key.ownerId().value(),
                    key.createdAt().toString(),
                    Instants.isoOrNull(key.lastUsedAt()),
                    Instants.isoOrNull(key.expiresAt()),
                    Instants.isoOrNull(key.previousValue().map(PreviousValue::validUntil)));
        }
    }

    /** A rolled server key: its new value, shown this once, and until when the old one still works. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RolledKey(
            @JsonProperty("_id") String id,
            String key,
            String name,
            boolean disabled,
            @JsonProperty("user_id") String userId,
            @JsonProperty("expires_at") String expiresAt,
            @JsonProperty("previous_key_valid_until") String previousKeyValidUntil) {
        public static RolledKey of(dev.keyport.application.shared.port.in.CreatedApiKey rolled) {
            ApiKey key = rolled.key();
            return new RolledKey(
                    key.id().value(),
                    rolled.secret().reveal(),
                    key.name().value(),
                    key.disabled(),
                    key.ownerId().value(),
                    Instants.isoOrNull(key.expiresAt()),
                    Instants.isoOrNull(key.previousValue().map(PreviousValue::validUntil)));
        }
    }

    /** A server key just created: the only answer that carries {@code key}, the value. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CreatedKey(
            @JsonProperty("_id") String id,
            String key,
            String name,
            boolean disabled,
            @JsonProperty("user_id") String userId,
            @JsonProperty("expires_at") String expiresAt) {
        public static CreatedKey of(dev.keyport.application.shared.port.in.CreatedApiKey created) {
            ApiKey key = created.key();
            return new CreatedKey(
                    key.id().value(),
                    created.secret().reveal(),
                    key.name().value(),
                    key.disabled(),
                    key.ownerId().value(),
                    Instants.isoOrNull(key.expiresAt()));
        }
    }

    /** The api-key provider's limits on new keys' lifetimes, in days; null is no limit. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record KeyLifetimes(
            @JsonProperty("user_key_max_lifetime_days") Long userKeyMaxDays,
            @JsonProperty("server_key_max_lifetime_days") Long serverKeyMaxDays,
            @JsonProperty("max_roll_grace_hours") Long maxRollGraceHours) {
        public static KeyLifetimes of(dev.keyport.domain.apikey.KeyLifetimes lifetimes) {
            return new KeyLifetimes(
                    lifetimes.userKeyMaxDays().orElse(null),
                    lifetimes.serverKeyMaxDays().orElse(null),
                    lifetimes.maxRollGrace().toHours());
        }
    }

    @Serdeable
    public record Identity(
            String id,
            @JsonProperty("provider_type") String providerType,
            @JsonProperty("provider_id") String providerId) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserDetails(
            @JsonProperty("_id") String id,
            String type,
            String email,
            @JsonProperty("created_at") String createdAt,
            List<Identity> identities,
            @JsonProperty("api_keys") List<Key> apiKeys,
            String state) {
        /** @param disabled whether an admin disabled the user: {@code state} is {@code disabled}, else {@code confirmed} */
        public static UserDetails of(User user, List<ApiKey> keys, boolean disabled) {
            return new UserDetails(
                    user.id().value(),
                    user.type() == UserType.SERVER ? "server" : "normal",
                    user.email().map(Object::toString).orElse(null),
                    user.createdAt().toString(),
                    user.identities().stream()
                            .map(identity -> new Identity(
                                    identity.id().value(),
                                    identity.provider().protocolName(),
                                    identity.providerUserId()))
                            .toList(),
                    keys.stream().map(Key::of).toList(),
                    disabled ? "disabled" : "confirmed");
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AuditEntry(String at, String actor, String action, String target, String detail) {
        public static AuditEntry of(AuditEvent event) {
            return new AuditEntry(
                    event.at().toString(),
                    event.actor().label(),
                    event.action().code(),
                    event.target().label(),
                    event.detail());
        }
    }

    /** An access-token signing key and its life (times ISO-8601, null when not yet known). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SigningKey(
            String kid,
            String alg,
            String state,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("signs_from") String signsFrom,
            @JsonProperty("signs_until") String signsUntil,
            @JsonProperty("published_until") String publishedUntil) {
        public static SigningKey of(AccessTokenKeyRing.Published key) {
            return new SigningKey(
                    key.kid(),
                    AccessTokenKeyRing.ALGORITHM,
                    key.state().name().toLowerCase(java.util.Locale.ROOT),
                    key.createdAt().toString(),
                    key.signsFrom().toString(),
                    Instants.isoOrNull(key.signsUntil()),
                    Instants.isoOrNull(key.publishedUntil()));
        }
    }

    /** An HMAC key of refresh and admin tokens and its life (never its secret; times ISO-8601, null when none). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TokenKey(
            String kid,
            String alg,
            String state,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("signs_from") String signsFrom,
            @JsonProperty("verify_until") String verifyUntil,
            boolean legacy) {
        public static TokenKey of(TokenKeys.TokenKeyView key) {
            return new TokenKey(
                    key.kid(),
                    "HS256",
                    key.state().name().toLowerCase(java.util.Locale.ROOT),
                    key.createdAt().toString(),
                    key.signsFrom().toString(),
                    Instants.isoOrNull(key.verifyUntil()),
                    key.legacy());
        }
    }
}
