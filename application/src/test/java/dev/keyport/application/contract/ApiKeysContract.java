package dev.keyport.application.contract;

import static dev.keyport.application.contract.ContractFixtures.addKey;
import static dev.keyport.application.contract.ContractFixtures.emailUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.userkeys.port.out.ApiKeys} adapter must do. */
public abstract class ApiKeysContract extends PortContract {
    private User owner;

    @BeforeEach
    public void setUp() {
        owner = emailUser("owner-" + System.nanoTime() + "@example.org");
        ports.transactions().inTransaction(() -> {
            ports.users().add(owner);
            return null;
        });
    }

    private <T> T tx(java.util.function.Supplier<T> work) {
        return ports.transactions().inTransaction(work);
    }

    /** A key added to the owner's ring and saved, in a transaction of its own. */
    private ApiKey savedKey(String name) {
        return tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ApiKey key = addKey(ring, owner, name);
            ports.apiKeys().save(ring);
            return key;
        });
    }

    @Test
    public void saves_added_keys_and_loads_them_back_in_creation_order() {
        List<ApiKey> added = tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            List<ApiKey> keys = List.of(addKey(ring, owner, "first"), addKey(ring, owner, "second"));
            ports.apiKeys().save(ring);
            return keys;
        });
        assertThat(ports.apiKeys().ring(owner.id()).keys()).containsExactlyElementsOf(added);
    }

    @Test
    public void saves_state_changes_and_removals() {
        ApiKey key = tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ApiKey k = addKey(ring, owner, "k");
            addKey(ring, owner, "other");
            ports.apiKeys().save(ring);
            return k;
        });
        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ring.disable(key.id());
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().ring(owner.id()).key(key.id()).disabled()).isTrue();
        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ring.enable(key.id());
            ring.remove(key.id());
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().ring(owner.id()).keys())
                .extracting(k -> k.name().value())
                .containsExactly("other");
    }

    /** Adds a key whose value is {@code secret}, named after it. */
    private ApiKey keyWithValue(ApiKeySecret secret) {
        return keyWithValue(secret, java.util.Optional.empty());
    }

    private ApiKey keyWithValue(ApiKeySecret secret, java.util.Optional<java.time.Instant> expiresAt) {
        return tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ApiKey k = ring.add(
                    owner,
                    dev.keyport.domain.id.ApiKeyId.generate(ContractFixtures.now(), ContractFixtures.RANDOM),
                    new dev.keyport.domain.apikey.ApiKeyName(
                            "k-" + secret.digest().hex().substring(0, 8)),
                    secret.digest(),
                    ContractFixtures.now(),
                    expiresAt);
            ports.apiKeys().save(ring);
            return k;
        });
    }

    @Test
    public void finds_a_key_by_the_digest_of_its_value_only() {
        ApiKeySecret secret = ApiKeySecret.generate(ContractFixtures.RANDOM);
        ApiKey key = keyWithValue(secret);
        assertThat(ports.apiKeys().findByDigest(secret.digest())).contains(key);
        assertThat(ports.apiKeys()
                        .findByDigest(
                                ApiKeySecret.generate(ContractFixtures.RANDOM).digest()))
                .isEmpty();
    }

    /** A key's expiry is stored to the second and read back by every lookup; a key without one never expires. */
    @Test
    public void an_expiry_is_kept_and_read_back_by_every_lookup() {
        java.time.Instant expiry =
                ContractFixtures.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ApiKeySecret secret = ApiKeySecret.generate(ContractFixtures.RANDOM);
        ApiKey key = keyWithValue(secret, java.util.Optional.of(expiry));
        assertThat(ports.apiKeys().findByDigest(secret.digest())).hasValueSatisfying(found -> {
            assertThat(found.expiresAt()).contains(expiry);
            assertThat(found.canLogIn(expiry.minusSeconds(1))).isTrue();
            assertThat(found.canLogIn(expiry)).as("at its expiry").isFalse();
        });
        assertThat(ports.apiKeys().find(key.id()))
                .hasValueSatisfying(found -> assertThat(found.expiresAt()).contains(expiry));
        assertThat(ports.apiKeys().ring(owner.id()).key(key.id()).expiresAt()).contains(expiry);
        ApiKeySecret other = ApiKeySecret.generate(ContractFixtures.RANDOM);
        keyWithValue(other);
        assertThat(ports.apiKeys().findByDigest(other.digest()))
                .hasValueSatisfying(found -> assertThat(found.expiresAt()).isEmpty());
    }

    /** A rolled key is found by both values until its grace is ended, then by the new one only; lookups see each change at once. */
    @Test
    public void a_rolled_key_is_found_by_its_previous_value_until_the_grace_ends() {
        ApiKeySecret old = ApiKeySecret.generate(ContractFixtures.RANDOM);
        ApiKey key = keyWithValue(old);
        assertThat(ports.apiKeys().findByDigest(old.digest())).isPresent(); // may now be cached
        ApiKeySecret fresh = ApiKeySecret.generate(ContractFixtures.RANDOM);
        java.time.Instant until =
                ContractFixtures.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ring.roll(key.id(), fresh.digest(), java.util.Optional.of(until));
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().findByDigest(fresh.digest())).hasValueSatisfying(found -> {
            assertThat(found.id()).isEqualTo(key.id());
            assertThat(found.previousValue()).hasValueSatisfying(previous -> {
                assertThat(previous.digest()).isEqualTo(old.digest());
                assertThat(previous.validUntil()).isEqualTo(until);
            });
        });
        assertThat(ports.apiKeys().findByDigest(old.digest()))
                .hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(key.id()));
        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ring.endGrace(key.id());
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().findByDigest(old.digest())).isEmpty();
        assertThat(ports.apiKeys().findByDigest(fresh.digest()))
                .hasValueSatisfying(found -> assertThat(found.previousValue()).isEmpty());
        assertThat(ports.apiKeys().find(key.id()))
                .hasValueSatisfying(found -> assertThat(found.digest()).isEqualTo(fresh.digest()));
    }

    /**
     * The login and refresh paths may be served from a view of the keys (ADR 0008); a change saved
     * through the port must be seen by both lookups as soon as its transaction has committed, even
     * right after they were asked (and may have cached) the old state.
     */
    @Test
    public void lookups_see_every_saved_change_at_once_with_its_session_generation() {
        ApiKeySecret secret = ApiKeySecret.generate(ContractFixtures.RANDOM);
        ApiKey key = keyWithValue(secret);
        assertThat(ports.apiKeys().find(key.id()))
                .hasValueSatisfying(found -> assertThat(found.admitsSessionsOf(0, ContractFixtures.now()))
                        .isTrue());
        assertThat(ports.apiKeys().findByDigest(secret.digest())).isPresent();

        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ring.disable(key.id());
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().find(key.id())).hasValueSatisfying(found -> {
            assertThat(found.disabled()).isTrue();
            assertThat(found.sessionGeneration()).isEqualTo(1);
        });
        assertThat(ports.apiKeys().findByDigest(secret.digest()))
                .hasValueSatisfying(found -> assertThat(found.disabled()).isTrue());

        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ring.enable(key.id());
            ring.endAllSessions();
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().findByDigest(secret.digest())).hasValueSatisfying(found -> {
            assertThat(found.admitsSessionsOf(1, ContractFixtures.now()))
                    .as("sessions of the generation before the revocation")
                    .isFalse();
            assertThat(found.admitsSessionsOf(2, ContractFixtures.now())).isTrue();
        });

        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ring.remove(key.id());
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().find(key.id())).isEmpty();
        assertThat(ports.apiKeys().findByDigest(secret.digest())).isEmpty();
    }

    @Test
    public void deleting_the_owner_makes_their_keys_unfindable_at_once() {
        ApiKeySecret secret = ApiKeySecret.generate(ContractFixtures.RANDOM);
        ApiKey key = keyWithValue(secret);
        assertThat(ports.apiKeys().findByDigest(secret.digest())).isPresent();
        assertThat(tx(() -> ports.users().remove(owner.id()))).isTrue();
        assertThat(ports.apiKeys().findByDigest(secret.digest())).isEmpty();
        assertThat(ports.apiKeys().find(key.id())).isEmpty();
    }

    @Test
    public void a_ring_of_an_unknown_owner_cannot_be_locked() {
        UserId nobody = UserId.generate(ContractFixtures.now(), ContractFixtures.RANDOM);
        assertThatThrownBy(() -> tx(() -> ports.apiKeys().lockRing(nobody))).isInstanceOf(UserNotFound.class);
    }

    @Test
    public void records_the_last_use_of_a_key() {
        ApiKey key = savedKey("k");
        Instant usedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ports.keyUsage().recordUse(key.id(), usedAt);
        flushUsage();
        assertThat(ports.apiKeys().ring(owner.id()).key(key.id()).lastUsedAt()).contains(usedAt);
    }

    @Test
    public void the_last_use_only_moves_forward() {
        ApiKey key = savedKey("k");
        Instant newer = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ports.keyUsage().recordUse(key.id(), newer);
        flushUsage();
        ports.keyUsage().recordUse(key.id(), newer.minusSeconds(60)); // a late report of an older login
        flushUsage();
        assertThat(ports.apiKeys().ring(owner.id()).key(key.id()).lastUsedAt()).contains(newer);
    }

    @Test
    public void locking_and_saving_a_ring_outside_a_transaction_is_refused() {
        assertThatThrownBy(() -> ports.apiKeys().lockRing(owner.id())).isInstanceOf(IllegalStateException.class);
        KeyRing ring = ports.apiKeys().ring(owner.id());
        addKey(ring, owner, "never-saved");
        assertThatThrownBy(() -> ports.apiKeys().save(ring)).isInstanceOf(IllegalStateException.class);
        assertThat(ports.apiKeys().ring(owner.id()).keys()).isEmpty();
    }

    /** Adapters that record usage asynchronously write it out here. */
    protected void flushUsage() {}

    @Test
    public void locking_a_ring_serialises_concurrent_creates_so_the_limit_holds() throws Exception {
        int attempts = 30;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String name = "key-" + i;
            results.add(pool.submit(() -> {
                start.await();
                try {
                    tx(() -> {
                        KeyRing ring = ports.apiKeys().lockRing(owner.id());
                        addKey(ring, owner, name);
                        ports.apiKeys().save(ring);
                        return null;
                    });
                    return true;
                } catch (dev.keyport.domain.error.KeyLimitReached refused) {
                    return false;
                }
            }));
        }
        start.countDown();
        int created = 0;
        for (Future<Boolean> result : results) {
            created += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(created).isEqualTo(KeyRing.MAX_KEYS);
        assertThat(ports.apiKeys().ring(owner.id()).keys()).hasSize(KeyRing.MAX_KEYS);
    }

    /** Issue 24: the login, refresh and introspection reads do not find a disabled owner's keys; the ring does. */
    @Test
    public void a_disabled_owners_keys_are_not_found_for_login_but_stay_in_the_ring() {
        ApiKey key = savedKey("device");
        assertThat(ports.apiKeys().findByDigest(key.digest())).isPresent();
        tx(() -> {
            KeyRing ring = ports.apiKeys().lockRing(owner.id());
            ports.users().setDisabled(owner.id(), true);
            ring.endAllSessions();
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.apiKeys().findByDigest(key.digest())).isEmpty();
        assertThat(ports.apiKeys().find(key.id())).isEmpty();
        assertThat(ports.apiKeys().findCurrent(key.id())).isEmpty();
        assertThat(ports.apiKeys().ring(owner.id()).keys())
                .extracting(ApiKey::id)
                .containsExactly(key.id());
        tx(() -> ports.users().setDisabled(owner.id(), false));
        assertThat(ports.apiKeys().findByDigest(key.digest())).map(ApiKey::id).contains(key.id());
    }
}
