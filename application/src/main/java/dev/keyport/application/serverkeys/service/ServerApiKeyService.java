package dev.keyport.application.serverkeys.service;

import dev.keyport.application.serverkeys.port.in.EndServerApiKeyGrace;
import dev.keyport.application.serverkeys.port.in.RollServerApiKey;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.shared.port.in.CreatedApiKey;

import dev.keyport.application.shared.port.in.ChangedApiKey;


import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.serverkeys.port.in.CreateServerApiKey;
import dev.keyport.application.serverkeys.port.in.DeleteServerApiKey;
import dev.keyport.application.serverkeys.port.in.DisableServerApiKey;
import dev.keyport.application.serverkeys.port.in.EnableServerApiKey;
import dev.keyport.application.serverkeys.port.in.GetServerApiKey;
import dev.keyport.application.serverkeys.port.in.ListServerApiKeys;
import dev.keyport.application.serverkeys.port.in.ServerApiKeyCommand;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.apikey.ServerKeyRoster;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Server API keys. Each key comes with its own server user (created with it, deleted with it), so a
 * server key logs in through the ordinary {@code api-key} provider and its session is that server
 * user's. Changes load the roster locked and run in one transaction; the audit event is recorded
 * once the transaction has committed.
 */
public final class ServerApiKeyService implements CreateServerApiKey, ListServerApiKeys, GetServerApiKey,
        EnableServerApiKey, DisableServerApiKey, DeleteServerApiKey, RollServerApiKey, EndServerApiKeyGrace {
    private final Users users;
    private final ServerApiKeys serverKeys;
    private final Sessions sessions;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final AuthProviders providers;
    private final Clock clock;
    private final RandomGenerator random;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public ServerApiKeyService(Users users, ServerApiKeys serverKeys, Sessions sessions, Transactions transactions,
                               AuthProviders providers, AuditTrail audit, Clock clock, RandomGenerator random) {
        this.providers = providers;
        this.users = users;
        this.serverKeys = serverKeys;
        this.sessions = sessions;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public CreatedApiKey create(CreateServerApiKey.Command command) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        KeyLifetimes lifetimes = providers.setting(AuthProvider.API_KEY).keyLifetimes();
        CreatedApiKey created = transactions.inTransaction(() -> {
            Instant now = clock.instant();
            Optional<Instant> expiresAt = lifetimes.expiryFor(KeyLifetimes.Kind.SERVER, command.expiry(), now);
            ServerKeyRoster roster = serverKeys.lockRoster();
            ApiKeyId keyId = ApiKeyId.generate(now, random);
            User serverUser = new User(UserId.generate(now, random), UserType.SERVER,
                    List.of(new Identity(IdentityId.generate(now, random), AuthProvider.API_KEY, keyId.value())),
                    Optional.empty(), now);
            ApiKey key = roster.add(serverUser, keyId, command.name(), secret.digest(), now, expiresAt);
            users.add(serverUser);
            serverKeys.save(roster);
            record(command.admin(), KeyEvent.Created::new, key);
            return new CreatedApiKey(key, secret);
        });
        return created;
    }

    @Override
    public List<ApiKey> list(AdminCaller admin) {
        return serverKeys.roster().keys();
    }

    @Override
    public ApiKey get(ServerApiKeyCommand command) {
        return serverKeys.roster().key(command.keyId());
    }

    @Override
    public ChangedApiKey enable(ServerApiKeyCommand command) {
        ApiKey key = transactions.inTransaction(() -> {
            ServerKeyRoster roster = serverKeys.lockRoster();
            ApiKey enabled = roster.enable(command.keyId());
            serverKeys.save(roster);
            record(command.admin(), KeyEvent.Enabled::new, enabled);
            return enabled;
        });
        return new ChangedApiKey(key, 0);
    }

    @Override
    public ChangedApiKey disable(ServerApiKeyCommand command) {
        ChangedApiKey disabled = transactions.inTransaction(() -> {
            ServerKeyRoster roster = serverKeys.lockRoster();
            ApiKey key = roster.disable(command.keyId());
            serverKeys.save(roster);
            record(command.admin(), KeyEvent.Disabled::new, key);
            return new ChangedApiKey(key, sessions.removeAllOpenedWith(key.id()));
        });
        return disabled;
    }

    @Override
    public ChangedApiKey delete(ServerApiKeyCommand command) {
        return transactions.inTransaction(() -> {
            ServerKeyRoster roster = serverKeys.lockRoster();
            ApiKey removed = roster.remove(command.keyId());
            serverKeys.save(roster);
            int ended = sessions.removeAllOpenedWith(removed.id());
            users.remove(removed.ownerId()); // the server user, with its identity and any other session
            record(command.admin(), KeyEvent.Deleted::new, removed);
            return new ChangedApiKey(removed, ended);
        });
    }

    @Override
    public CreatedApiKey roll(RollServerApiKey.Command command) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        KeyLifetimes lifetimes = providers.setting(AuthProvider.API_KEY).keyLifetimes();
        return transactions.inTransaction(() -> {
            Optional<Instant> graceUntil = lifetimes.graceUntil(command.graceSeconds(), clock.instant());
            ServerKeyRoster roster = serverKeys.lockRoster();
            ApiKey key = roster.roll(command.keyId(), secret.digest(), graceUntil);
            serverKeys.save(roster);
            record(command.admin(), KeyEvent.Rolled::new, key);
            return new CreatedApiKey(key, secret);
        });
    }

    @Override
    public ChangedApiKey endGrace(ServerApiKeyCommand command) {
        return transactions.inTransaction(() -> {
            ServerKeyRoster roster = serverKeys.lockRoster();
            ApiKey key = roster.endGrace(command.keyId());
            serverKeys.save(roster);
            record(command.admin(), KeyEvent.GraceEnded::new, key);
            return new ChangedApiKey(key, 0);
        });
    }

    /** Called inside the change's transaction: the event commits with the change, or not at all. */
    private void record(AdminCaller admin, KeyEvent.Factory event, ApiKey key) {
        audit.record(event.make(clock.instant(), admin.actor(), key.id(), "server key '" + key.name().value() + "'"
                        + key.previousValue().map(previous -> "; previous value accepted until " + previous.validUntil()).orElse("")));
    }
}
