package dev.keyport.application.introspection.service;

import dev.keyport.application.introspection.port.in.IntrospectApiKey;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.userkeys.port.out.ApiKeyUsage;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Introspection of API keys for services. Both keys, the caller's and the one asked about, are found the
 * way a key login finds them ({@link ApiKeys#findByDigest}, from the store's view of the keys). A key is
 * active when it is enabled and the API-key provider is on: exactly when it could log in. Being asked about
 * is not a use of the key: its {@code last_used_at} is left alone (it tells when the key itself last logged
 * in or asked, which is what an owner cleaning up unused keys goes by); the caller's use of its own server
 * key is recorded. Each caller may ask at most as often as its {@link CallerRateLimit} allows. The type of a
 * key's owner is read once per owner and kept, since a user's type never changes. Introspections are not
 * audited one by one: a service may ask for every request it serves.
 */
public final class IntrospectionService implements IntrospectApiKey {
    private final ApiKeys apiKeys;
    private final ApiKeyUsage keyUsage;
    private final Users users;
    private final AuthProviders providers;
    private final Clock clock;
    private final Map<UserId, UserType> ownerTypes = new ConcurrentHashMap<>();

    private final CallerRateLimit rateLimit;

    public IntrospectionService(
            ApiKeys apiKeys,
            ApiKeyUsage keyUsage,
            Users users,
            AuthProviders providers,
            Clock clock,
            CallerRateLimit rateLimit) {
        this.rateLimit = rateLimit;
        this.apiKeys = apiKeys;
        this.keyUsage = keyUsage;
        this.users = users;
        this.providers = providers;
        this.clock = clock;
    }

    @Override
    public Introspection introspect(Command command) {
        ApiKey caller = enabledKey(command.callerKey())
                .filter(key -> ownerType(key).equals(Optional.of(UserType.SERVER)))
                .orElseThrow(ApiKeyLoginRefused::new);
        rateLimit.admit(caller.id());
        Optional<ApiKey> asked =
                providers.setting(AuthProvider.API_KEY).disabled() ? Optional.empty() : enabledKey(command.token());
        Optional<UserType> owner = asked.flatMap(key -> ownerType(key));
        if (asked.isEmpty() || owner.isEmpty()) {
            return new Inactive();
        }
        keyUsage.recordUse(caller.id(), clock.instant());
        return new Active(
                asked.get(),
                owner.get(),
                asked.get()
                        .acceptedUntil(ApiKeySecret.parse(command.token())
                                .orElseThrow()
                                .digest()));
    }

    private Optional<ApiKey> enabledKey(String value) {
        return ApiKeySecret.parse(value)
                .flatMap(secret -> apiKeys.findByDigest(secret.digest())
                        .filter(key -> key.accepts(secret.digest(), clock.instant())));
    }

    private Optional<UserType> ownerType(ApiKey key) {
        UserType known = ownerTypes.get(key.ownerId());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<UserType> read = users.find(key.ownerId()).map(User::type);
        read.ifPresent(type -> ownerTypes.put(key.ownerId(), type));
        return read;
    }
}
