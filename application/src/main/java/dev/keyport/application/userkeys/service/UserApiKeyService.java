package dev.keyport.application.userkeys.service;

import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.shared.port.in.ChangedApiKey;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.shared.service.KeyChanges;
import dev.keyport.application.shared.service.KeyChanges.Change;
import dev.keyport.application.userkeys.port.in.AdminUserApiKeyCommand;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKey;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKeyAsAdmin;
import dev.keyport.application.userkeys.port.in.DisableUserApiKey;
import dev.keyport.application.userkeys.port.in.DisableUserApiKeyAsAdmin;
import dev.keyport.application.userkeys.port.in.EnableUserApiKey;
import dev.keyport.application.userkeys.port.in.EndUserApiKeyGrace;
import dev.keyport.application.userkeys.port.in.EndUserApiKeyGraceAsAdmin;
import dev.keyport.application.userkeys.port.in.GetUserApiKey;
import dev.keyport.application.userkeys.port.in.ListUserApiKeys;
import dev.keyport.application.userkeys.port.in.RollUserApiKey;
import dev.keyport.application.userkeys.port.in.UserApiKeyCommand;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.error.KeySessionForbidden;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A user's own API keys. Every change goes through {@link KeyChanges}: the key ring loaded locked, the ring deciding,
 * its changes saved and the event recorded in one transaction; disabling or deleting a key also ends the sessions
 * opened with it, in the same transaction. Who may act is decided in one place: {@link #byOwner} (the owner, from a
 * session not opened with a key unless the provider allows it) or {@link #byAdmin}.
 */
public final class UserApiKeyService
        implements CreateUserApiKey,
                ListUserApiKeys,
                GetUserApiKey,
                EnableUserApiKey,
                DisableUserApiKey,
                DeleteUserApiKey,
                DisableUserApiKeyAsAdmin,
                DeleteUserApiKeyAsAdmin,
                RollUserApiKey,
                EndUserApiKeyGrace,
                EndUserApiKeyGraceAsAdmin {
    private final Users users;
    private final ApiKeys apiKeys;
    private final Transactions transactions;
    private final AuthProviders providers;
    private final KeyChanges changes;
    private final Clock clock;
    private final RandomGenerator random;

    public UserApiKeyService(
            Users users,
            ApiKeys apiKeys,
            Sessions sessions,
            Transactions transactions,
            AuthProviders providers,
            AuditTrail audit,
            Clock clock,
            RandomGenerator random) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.transactions = transactions;
        this.providers = providers;
        this.changes = new KeyChanges(transactions, sessions, audit, clock);
        this.clock = clock;
        this.random = random;
    }

    /** Who acts on whose keys: the owner or an admin. */
    private record Acting(UserId owner, AuditActor actor) {}

    @Override
    public CreatedApiKey create(CreateUserApiKey.Command command) {
        ProviderSetting provider = requireKeysOn();
        ApiKeySecret secret = ApiKeySecret.generate(random);
        return transactions.inTransaction(() -> {
            User owner = users.find(command.caller().userId()).orElseThrow(UserNotFound::new);
            owner.requireCanOwnUserKeys(); // before taking the lock: most refusals need no lock
            Acting acting = byOwner(command.caller());
            Instant now = clock.instant();
            Optional<Instant> expiresAt =
                    provider.keyLifetimes().expiryFor(KeyLifetimes.Kind.USER, command.expiry(), now);
            return changes.add(
                    ringOf(acting.owner()),
                    secret,
                    acting.actor(),
                    ring -> ring.add(
                            owner, ApiKeyId.generate(now, random), command.name(), secret.digest(), now, expiresAt));
        });
    }

    @Override
    public List<ApiKey> list(Caller caller) {
        return apiKeys.ring(caller.userId()).keys();
    }

    @Override
    public ApiKey get(UserApiKeyCommand command) {
        return apiKeys.ring(command.caller().userId()).key(command.keyId());
    }

    @Override
    public ChangedApiKey enable(UserApiKeyCommand command) {
        return change(byOwner(command.caller()), command.keyId(), Change.ENABLE);
    }

    /**
     * Disables the key and ends every session opened with it. The session asking may be one of them (realm-core keeps
     * one user per id on a device, so after a key login the owner's tokens there are the key session's): it ends too,
     * answered with success (ADR 0005).
     */
    @Override
    public ChangedApiKey disable(UserApiKeyCommand command) {
        return change(byOwner(command.caller()), command.keyId(), Change.DISABLE);
    }

    @Override
    public ChangedApiKey disable(AdminUserApiKeyCommand command) {
        return change(byAdmin(command), command.keyId(), Change.DISABLE);
    }

    @Override
    public ChangedApiKey delete(UserApiKeyCommand command) {
        return change(byOwner(command.caller()), command.keyId(), Change.DELETE);
    }

    @Override
    public ChangedApiKey delete(AdminUserApiKeyCommand command) {
        return change(byAdmin(command), command.keyId(), Change.DELETE);
    }

    /** A new value for the key; the old one stays accepted until the grace period asked for ends. */
    @Override
    public CreatedApiKey roll(RollUserApiKey.Command command) {
        Acting acting = byOwner(command.caller());
        ProviderSetting provider = requireKeysOn();
        ApiKeySecret secret = ApiKeySecret.generate(random);
        Optional<Instant> graceUntil = provider.keyLifetimes().graceUntil(command.graceSeconds(), clock.instant());
        return changes.roll(ringOf(acting.owner()), command.keyId(), secret, graceUntil, acting.actor());
    }

    @Override
    public ChangedApiKey endGrace(UserApiKeyCommand command) {
        return change(byOwner(command.caller()), command.keyId(), Change.END_GRACE);
    }

    @Override
    public ChangedApiKey endGrace(AdminUserApiKeyCommand command) {
        return change(byAdmin(command), command.keyId(), Change.END_GRACE);
    }

    private ChangedApiKey change(Acting acting, ApiKeyId keyId, Change change) {
        return changes.change(ringOf(acting.owner()), keyId, acting.actor(), change);
    }

    /**
     * The owner, acting on their own keys. Least privilege (issue 23, ADR 0017): keys are managed from the owner's own
     * session, never from a session opened with a key, unless the {@code api-key} provider's
     * {@code keySessionsMayManageKeys} setting says otherwise. A device holding a key needs to log in and read, nothing
     * more; a leaked key must not be able to mint keys that outlive it or lock out the owner's other devices.
     */
    private Acting byOwner(Caller caller) {
        if (caller.loggedInWith().isPresent()
                && !providers.setting(AuthProvider.API_KEY).keySessionsMayManageKeys()) {
            throw new KeySessionForbidden();
        }
        return new Acting(caller.userId(), new AuditActor.User(caller.userId()));
    }

    /** An admin, acting on any user's keys (the admin API checked the caller). */
    private static Acting byAdmin(AdminUserApiKeyCommand command) {
        return new Acting(command.owner(), command.admin().actor());
    }

    /** New values (a created or rolled key) need the {@code api-key} provider on; the other changes do not. */
    private ProviderSetting requireKeysOn() {
        ProviderSetting provider = providers.setting(AuthProvider.API_KEY);
        provider.requireEnabled();
        return provider;
    }

    private KeyChanges.Holder<KeyRing> ringOf(UserId owner) {
        return new KeyChanges.Holder<>(
                () -> apiKeys.lockRing(owner),
                apiKeys::save,
                key -> "user key '" + key.name().value() + "' of user "
                        + key.ownerId().value());
    }
}
