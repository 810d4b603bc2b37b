package dev.keyport.application.userkeys.service;

import dev.keyport.application.userkeys.port.in.EndUserApiKeyGrace;
import dev.keyport.application.userkeys.port.in.EndUserApiKeyGraceAsAdmin;
import dev.keyport.application.userkeys.port.in.RollUserApiKey;
import java.util.Optional;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.application.shared.port.in.CreatedApiKey;

import dev.keyport.application.shared.port.in.ChangedApiKey;


import dev.keyport.domain.audit.AuditActor;

import dev.keyport.application.userkeys.port.in.AdminUserApiKeyCommand;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKeyAsAdmin;
import dev.keyport.application.userkeys.port.in.DisableUserApiKeyAsAdmin;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKey;
import dev.keyport.application.userkeys.port.in.DisableUserApiKey;
import dev.keyport.application.userkeys.port.in.EnableUserApiKey;
import dev.keyport.application.userkeys.port.in.GetUserApiKey;
import dev.keyport.application.userkeys.port.in.ListUserApiKeys;
import dev.keyport.application.userkeys.port.in.UserApiKeyCommand;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.error.KeySessionForbidden;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A user's own API keys. Every change loads the key ring locked, lets the ring decide, and saves
 * the ring's changes, all in one transaction; disabling or deleting a key also revokes the sessions
 * opened with it, in the same transaction.
 */
public final class UserApiKeyService implements CreateUserApiKey, ListUserApiKeys, GetUserApiKey,
        EnableUserApiKey, DisableUserApiKey, DeleteUserApiKey, DisableUserApiKeyAsAdmin, DeleteUserApiKeyAsAdmin,
        RollUserApiKey, EndUserApiKeyGrace, EndUserApiKeyGraceAsAdmin {
    private final Users users;
    private final ApiKeys apiKeys;
    private final Sessions sessions;
    private final Transactions transactions;
    private final AuthProviders providers;
    private final AuditTrail audit;
    private final Clock clock;
    private final RandomGenerator random;

    public UserApiKeyService(Users users, ApiKeys apiKeys, Sessions sessions, Transactions transactions,
                             AuthProviders providers, AuditTrail audit, Clock clock, RandomGenerator random) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.transactions = transactions;
        this.providers = providers;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public CreatedApiKey create(CreateUserApiKey.Command command) {
        ProviderSetting provider = providers.setting(AuthProvider.API_KEY);
        provider.requireEnabled();
        ApiKeySecret secret = ApiKeySecret.generate(random);
        CreatedApiKey created = transactions.inTransaction(() -> {
            User owner = users.find(command.caller().userId()).orElseThrow(UserNotFound::new);
            owner.requireCanOwnUserKeys(); // before taking the lock: most refusals need no lock
            requireOwnersSession(command.caller());
            Instant now = clock.instant();
            Optional<Instant> expiresAt = provider.keyLifetimes().expiryFor(KeyLifetimes.Kind.USER, command.expiry(), now);
            KeyRing ring = apiKeys.lockRing(owner.id());
            ApiKey key = ring.add(owner, ApiKeyId.generate(now, random), command.name(), secret.digest(), now, expiresAt);
            apiKeys.save(ring);
            record(userActor(owner.id()), KeyEvent.Created::new, key);
            return new CreatedApiKey(key, secret);
        });
        return created;
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
        requireOwnersSession(command.caller());
        ApiKey key = transactions.inTransaction(() -> {
            KeyRing ring = apiKeys.lockRing(command.caller().userId());
            ApiKey enabled = ring.enable(command.keyId());
            apiKeys.save(ring);
            record(userActor(command.caller().userId()), KeyEvent.Enabled::new, enabled);
            return enabled;
        });
        return new ChangedApiKey(key, 0);
    }

    @Override
    public ChangedApiKey disable(UserApiKeyCommand command) {
        requireOwnersSession(command.caller());
        return disable(command.caller().userId(), command.keyId(), userActor(command.caller().userId()));
    }

    @Override
    public ChangedApiKey disable(AdminUserApiKeyCommand command) {
        return disable(command.owner(), command.keyId(), command.admin().actor());
    }

    @Override
    public ChangedApiKey delete(UserApiKeyCommand command) {
        requireOwnersSession(command.caller());
        return delete(command.caller().userId(), command.keyId(), userActor(command.caller().userId()));
    }

    @Override
    public ChangedApiKey delete(AdminUserApiKeyCommand command) {
        return delete(command.owner(), command.keyId(), command.admin().actor());
    }

    /**
     * Disables the key and revokes every session opened with it, in one transaction. The session asking
     * may be one of them (realm-core keeps one user per id on a device, so after a key login the owner's
     * tokens there are the key session's): it is revoked too, answered with success (ADR 0005).
     */
    private ChangedApiKey disable(UserId owner, ApiKeyId keyId, AuditActor actor) {
        ChangedApiKey disabled = transactions.inTransaction(() -> {
            KeyRing ring = apiKeys.lockRing(owner);
            ApiKey key = ring.disable(keyId);
            apiKeys.save(ring);
            record(actor, KeyEvent.Disabled::new, key);
            return new ChangedApiKey(key, sessions.removeAllOpenedWith(key.id()));
        });
        return disabled;
    }

    private ChangedApiKey delete(UserId owner, ApiKeyId keyId, AuditActor actor) {
        ChangedApiKey deleted = transactions.inTransaction(() -> {
            KeyRing ring = apiKeys.lockRing(owner);
            ApiKey key = ring.remove(keyId);
            int revoked = sessions.removeAllOpenedWith(key.id());
            apiKeys.save(ring);
            record(actor, KeyEvent.Deleted::new, key);
            return new ChangedApiKey(key, revoked);
        });
        return deleted;
    }

    /** A new value for the key; the old one stays accepted until the grace period asked for ends. */
    @Override
    public CreatedApiKey roll(RollUserApiKey.Command command) {
        requireOwnersSession(command.caller());
        ProviderSetting provider = providers.setting(AuthProvider.API_KEY);
        provider.requireEnabled();
        ApiKeySecret secret = ApiKeySecret.generate(random);
        return transactions.inTransaction(() -> {
            Optional<Instant> graceUntil = provider.keyLifetimes().graceUntil(command.graceSeconds(), clock.instant());
            KeyRing ring = apiKeys.lockRing(command.caller().userId());
            ApiKey key = ring.roll(command.keyId(), secret.digest(), graceUntil);
            apiKeys.save(ring);
            record(userActor(command.caller().userId()), KeyEvent.Rolled::new, key);
            return new CreatedApiKey(key, secret);
        });
    }

    @Override
    public ChangedApiKey endGrace(UserApiKeyCommand command) {
        requireOwnersSession(command.caller());
        return endGrace(command.caller().userId(), command.keyId(), userActor(command.caller().userId()));
    }

    @Override
    public ChangedApiKey endGrace(AdminUserApiKeyCommand command) {
        return endGrace(command.owner(), command.keyId(), command.admin().actor());
    }

    private ChangedApiKey endGrace(UserId owner, ApiKeyId keyId, AuditActor actor) {
        return transactions.inTransaction(() -> {
            KeyRing ring = apiKeys.lockRing(owner);
            ApiKey key = ring.endGrace(keyId);
            apiKeys.save(ring);
            record(actor, KeyEvent.GraceEnded::new, key);
            return new ChangedApiKey(key, 0);
        });
    }

    /**
     * Least privilege (issue 23, ADR 0017): keys are managed from the owner's own session, never from a session
     * opened with a key, unless the {@code api-key} provider's {@code keySessionsMayManageKeys} setting says
     * otherwise. A device holding a key needs to log in and read, nothing more; a leaked key must not be able to
     * mint keys that outlive it or lock out the owner's other devices.
     */
    private void requireOwnersSession(Caller caller) {
        if (caller.loggedInWith().isPresent() && !providers.setting(AuthProvider.API_KEY).keySessionsMayManageKeys()) {
            throw new KeySessionForbidden();
        }
    }

    private static AuditActor userActor(UserId user) {
        return new AuditActor.User(user);
    }

    /** For the audit of a roll: until when the previous value works. */
    private static String grace(ApiKey key) {
        return key.previousValue().map(previous -> "; previous value accepted until " + previous.validUntil()).orElse("");
    }

    /** Called inside the change's transaction: the event commits with the change, or not at all. */
    private void record(AuditActor actor, KeyEvent.Factory event, ApiKey key) {
        audit.record(event.make(clock.instant(), actor, key.id(),
                "user key '" + key.name().value() + "' of user " + key.ownerId().value() + grace(key)));
    }
}
