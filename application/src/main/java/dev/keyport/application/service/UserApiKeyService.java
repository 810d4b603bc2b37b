package dev.keyport.application.service;

import dev.keyport.application.port.in.Caller;
import dev.keyport.application.port.in.CreateUserApiKey;
import dev.keyport.application.port.in.DeleteUserApiKey;
import dev.keyport.application.port.in.DisableUserApiKey;
import dev.keyport.application.port.in.EnableUserApiKey;
import dev.keyport.application.port.in.GetUserApiKey;
import dev.keyport.application.port.in.ListUserApiKeys;
import dev.keyport.application.port.in.UserApiKeyCommand;
import dev.keyport.application.port.out.ApiKeys;
import dev.keyport.application.port.out.Sessions;
import dev.keyport.application.port.out.Transactions;
import dev.keyport.application.port.out.Users;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.error.KeyInUseBySession;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.secret.ApiKeySecret;
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
        EnableUserApiKey, DisableUserApiKey, DeleteUserApiKey {
    private final Users users;
    private final ApiKeys apiKeys;
    private final Sessions sessions;
    private final Transactions transactions;
    private final Clock clock;
    private final RandomGenerator random;

    public UserApiKeyService(Users users, ApiKeys apiKeys, Sessions sessions, Transactions transactions,
                             Clock clock, RandomGenerator random) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public CreatedApiKey create(CreateUserApiKey.Command command) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        return transactions.inTransaction(() -> {
            User owner = users.find(command.caller().userId()).orElseThrow(UserNotFound::new);
            owner.requireCanOwnUserKeys(); // before taking the lock: most refusals need no lock
            KeyRing ring = apiKeys.lockRing(owner.id());
            Instant now = clock.instant();
            ApiKey key = ring.add(owner, ApiKeyId.generate(now, random), command.name(), secret.digest(), now);
            apiKeys.save(ring);
            return new CreatedApiKey(key, secret);
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
    public Enabled enable(UserApiKeyCommand command) {
        return transactions.inTransaction(() -> {
            KeyRing ring = apiKeys.lockRing(command.caller().userId());
            ApiKey key = ring.enable(command.keyId());
            apiKeys.save(ring);
            return new Enabled(key);
        });
    }

    @Override
    public Disabled disable(UserApiKeyCommand command) {
        return transactions.inTransaction(() -> {
            KeyRing ring = apiKeys.lockRing(command.caller().userId());
            refuseIfCallerLoggedInWith(command, ring);
            ApiKey key = ring.disable(command.keyId());
            apiKeys.save(ring);
            return new Disabled(key, sessions.removeAllOpenedWith(key.id()));
        });
    }

    @Override
    public Deleted delete(UserApiKeyCommand command) {
        return transactions.inTransaction(() -> {
            KeyRing ring = apiKeys.lockRing(command.caller().userId());
            refuseIfCallerLoggedInWith(command, ring);
            ApiKey key = ring.remove(command.keyId());
            int revoked = sessions.removeAllOpenedWith(key.id());
            apiKeys.save(ring);
            return new Deleted(key, revoked);
        });
    }

    private static void refuseIfCallerLoggedInWith(UserApiKeyCommand command, KeyRing ring) {
        ApiKey key = ring.key(command.keyId()); // a missing key is a 404 before anything else
        if (command.caller().loggedInWith().filter(key.id()::equals).isPresent()) {
            throw new KeyInUseBySession();
        }
    }
}
