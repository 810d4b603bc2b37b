package dev.keyport.application.serverkeys.service;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.serverkeys.port.in.CreateServerApiKey;
import dev.keyport.application.serverkeys.port.in.DeleteServerApiKey;
import dev.keyport.application.serverkeys.port.in.DisableServerApiKey;
import dev.keyport.application.serverkeys.port.in.EnableServerApiKey;
import dev.keyport.application.serverkeys.port.in.EndServerApiKeyGrace;
import dev.keyport.application.serverkeys.port.in.GetServerApiKey;
import dev.keyport.application.serverkeys.port.in.ListServerApiKeys;
import dev.keyport.application.serverkeys.port.in.RollServerApiKey;
import dev.keyport.application.serverkeys.port.in.ServerApiKeyCommand;
import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.shared.port.in.ChangedApiKey;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.shared.service.KeyChanges;
import dev.keyport.application.shared.service.KeyChanges.Change;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyLifetimes;
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
 * Server API keys. Each key comes with its own server user (created with it, deleted with it), so a server key logs
 * in through the ordinary {@code api-key} provider and its session is that server user's. Only an admin acts on
 * them (the {@link AdminCaller} in every command), and they are managed whether the {@code api-key} provider is on or
 * not (only its key lifetimes apply). Every change goes through {@link KeyChanges}, as a user key's does: the roster
 * loaded locked, changed, saved and the event recorded in one transaction.
 */
public final class ServerApiKeyService
        implements CreateServerApiKey,
                ListServerApiKeys,
                GetServerApiKey,
                EnableServerApiKey,
                DisableServerApiKey,
                DeleteServerApiKey,
                RollServerApiKey,
                EndServerApiKeyGrace {
    private final Users users;
    private final ServerApiKeys serverKeys;
    private final Transactions transactions;
    private final AuthProviders providers;
    private final KeyChanges changes;
    private final KeyChanges.Holder<ServerKeyRoster> roster;
    private final Clock clock;
    private final RandomGenerator random;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public ServerApiKeyService(
            Users users,
            ServerApiKeys serverKeys,
            Sessions sessions,
            Transactions transactions,
            AuthProviders providers,
            AuditTrail audit,
            Clock clock,
            RandomGenerator random) {
        this.providers = providers;
        this.users = users;
        this.serverKeys = serverKeys;
        this.transactions = transactions;
        this.changes = new KeyChanges(transactions, sessions, audit, clock);
        // the server keys, all in one roster; a deleted key's server user goes with it (its identity, any other
        // session)
        this.roster = new KeyChanges.Holder<>(
                serverKeys::lockRoster,
                serverKeys::save,
                key -> "server key '" + key.name().value() + "'",
                key -> users.remove(key.ownerId()));
        this.clock = clock;
        this.random = random;
    }

    @Override
    public CreatedApiKey create(CreateServerApiKey.Command command) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        KeyLifetimes lifetimes = providers.setting(AuthProvider.API_KEY).keyLifetimes();
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            Optional<Instant> expiresAt = lifetimes.expiryFor(KeyLifetimes.Kind.SERVER, command.expiry(), now);
            return changes.add(roster, secret, command.admin().actor(), locked -> {
                ApiKeyId keyId = ApiKeyId.generate(now, random);
                User serverUser = new User(
                        UserId.generate(now, random),
                        UserType.SERVER,
                        List.of(new Identity(IdentityId.generate(now, random), AuthProvider.API_KEY, keyId.value())),
                        Optional.empty(),
                        now);
                ApiKey key = locked.add(serverUser, keyId, command.name(), secret.digest(), now, expiresAt);
                users.add(serverUser); // before the roster is saved: the key refers to its user
                return key;
            });
        });
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
        return change(command, Change.ENABLE);
    }

    @Override
    public ChangedApiKey disable(ServerApiKeyCommand command) {
        return change(command, Change.DISABLE);
    }

    @Override
    public ChangedApiKey delete(ServerApiKeyCommand command) {
        return change(command, Change.DELETE);
    }

    @Override
    public CreatedApiKey roll(RollServerApiKey.Command command) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        KeyLifetimes lifetimes = providers.setting(AuthProvider.API_KEY).keyLifetimes();
        Optional<Instant> graceUntil = lifetimes.graceUntil(command.graceSeconds(), clock.instant());
        return changes.roll(
                roster, command.keyId(), secret, graceUntil, command.admin().actor());
    }

    @Override
    public ChangedApiKey endGrace(ServerApiKeyCommand command) {
        return change(command, Change.END_GRACE);
    }

    private ChangedApiKey change(ServerApiKeyCommand command, Change change) {
        return changes.change(roster, command.keyId(), command.admin().actor(), change);
    }
}
