package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.ServerKeyRoster;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.serverkeys.port.out.ServerApiKeys} adapter must do. */
public abstract class ServerApiKeysContract extends PortContract {

    @Test
    public void locking_and_saving_the_roster_outside_a_transaction_is_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ports.serverKeys().lockRoster())
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ports.serverKeys().save(ports.serverKeys().roster()))
                .isInstanceOf(IllegalStateException.class);
    }

    private ApiKey addServerKey(String name) {
        return ports.transactions().inTransaction(() -> {
            ServerKeyRoster roster = ports.serverKeys().lockRoster();
            Instant now = ContractFixtures.now();
            ApiKeyId keyId = ApiKeyId.generate(now, ContractFixtures.RANDOM);
            User serverUser = new User(
                    UserId.generate(now, ContractFixtures.RANDOM),
                    UserType.SERVER,
                    List.of(new Identity(
                            IdentityId.generate(now, ContractFixtures.RANDOM), AuthProvider.API_KEY, keyId.value())),
                    Optional.empty(),
                    now);
            ApiKey key = roster.add(
                    serverUser,
                    keyId,
                    new ApiKeyName(name),
                    ApiKeySecret.generate(ContractFixtures.RANDOM).digest(),
                    now,
                    Optional.empty());
            ports.users().add(serverUser);
            ports.serverKeys().save(roster);
            return key;
        });
    }

    @Test
    public void stores_server_keys_apart_from_user_key_rings_and_finds_them_by_digest() {
        ApiKey key = addServerKey("ci");
        assertThat(ports.serverKeys().roster().keys()).containsExactly(key);
        assertThat(ports.apiKeys().findByDigest(key.digest())).contains(key);
        KeyRing serverUsersRing = ports.apiKeys().ring(key.ownerId());
        assertThat(serverUsersRing.keys()).as("a server key is not a user key").isEmpty();
    }

    @Test
    public void applies_enable_disable_and_remove() {
        ApiKey key = addServerKey("ci");
        ports.transactions().inTransaction(() -> {
            ServerKeyRoster roster = ports.serverKeys().lockRoster();
            roster.disable(key.id());
            ports.serverKeys().save(roster);
            return null;
        });
        assertThat(ports.serverKeys().roster().key(key.id()).disabled()).isTrue();
        ports.transactions().inTransaction(() -> {
            ServerKeyRoster roster = ports.serverKeys().lockRoster();
            roster.enable(key.id());
            roster.remove(key.id());
            ports.serverKeys().save(roster);
            return null;
        });
        assertThat(ports.serverKeys().roster().keys()).isEmpty();
        assertThat(ports.apiKeys().findByDigest(key.digest())).isEmpty();
    }

    @Test
    public void removing_the_server_user_removes_its_key() {
        ApiKey key = addServerKey("ci");
        assertThat(ports.transactions().inTransaction(() -> ports.users().remove(key.ownerId())))
                .isTrue();
        assertThat(ports.serverKeys().roster().keys()).isEmpty();
        assertThat(ports.users().find(key.ownerId())).isEmpty();
    }

    @Test
    public void the_store_itself_refuses_a_second_server_key_with_one_name() {
        addServerKey("ci");
        // Two rosters loaded without the lock: both think the name is free; the store must still refuse.
        ServerKeyRoster stale = ServerKeyRoster.reconstitute(List.of());
        Instant now = ContractFixtures.now();
        ApiKeyId keyId = ApiKeyId.generate(now, ContractFixtures.RANDOM);
        User serverUser = new User(
                UserId.generate(now, ContractFixtures.RANDOM),
                UserType.SERVER,
                List.of(new Identity(
                        IdentityId.generate(now, ContractFixtures.RANDOM), AuthProvider.API_KEY, keyId.value())),
                Optional.empty(),
                now);
        stale.add(
                serverUser,
                keyId,
                new ApiKeyName("ci"),
                ApiKeySecret.generate(ContractFixtures.RANDOM).digest(),
                now,
                java.util.Optional.empty());
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
                    ports.users().add(serverUser);
                    ports.serverKeys().save(stale);
                    return null;
                }))
                .isInstanceOf(DuplicateKeyName.class);
        assertThat(ports.serverKeys().roster().keys()).hasSize(1);
        assertThat(ports.users().find(serverUser.id()))
                .as("rolled back with the key")
                .isEmpty();
    }
}
