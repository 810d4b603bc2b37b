package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.KeyRingChange;
import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final SecureRandom random = new SecureRandom();

    static User user(AuthProvider provider, UserType type) {
        UserId id = UserId.generate(NOW, new SecureRandom());
        return new User(
                id,
                type,
                List.of(new Identity(IdentityId.generate(NOW, new SecureRandom()), provider, "x")),
                provider == AuthProvider.LOCAL_USERPASS ? Optional.of(new Email("a@example.org")) : Optional.empty(),
                NOW);
    }

    private ApiKeyId newId() {
        return ApiKeyId.generate(NOW, random);
    }

    private void add(KeyRing ring, User owner, String name) {
        ring.add(
                owner,
                newId(),
                new ApiKeyName(name),
                ApiKeySecret.generate(random).digest(),
                NOW,
                Optional.empty());
    }

    @Test
    void a_new_key_is_enabled_and_recorded_as_a_change() {
        User owner = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        KeyRing ring = KeyRing.reconstitute(owner.id(), List.of());
        add(ring, owner, "laptop");
        assertThat(ring.keys()).singleElement().satisfies(key -> {
            assertThat(key.disabled()).isFalse();
            assertThat(key.name().value()).isEqualTo("laptop");
        });
        assertThat(ring.changes()).singleElement().isInstanceOf(KeyRingChange.KeyAdded.class);
    }

    @Test
    void the_twenty_first_key_is_refused_and_nothing_is_added() {
        User owner = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        KeyRing ring = KeyRing.reconstitute(owner.id(), List.of());
        for (int i = 0; i < KeyRing.MAX_KEYS; i++) {
            add(ring, owner, "key-" + i);
        }
        assertThatThrownBy(() -> add(ring, owner, "one-too-many")).isInstanceOf(KeyLimitReached.class);
        assertThat(ring.keys()).hasSize(20);
        assertThat(ring.changes()).hasSize(20);
    }

    @Test
    void names_are_unique_in_the_ring_after_trimming() {
        User owner = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        KeyRing ring = KeyRing.reconstitute(owner.id(), List.of());
        add(ring, owner, "ci");
        assertThatThrownBy(() -> add(ring, owner, "  ci ")).isInstanceOf(DuplicateKeyName.class);
        assertThat(ring.keys()).hasSize(1);
    }

    @Test
    void anonymous_and_server_users_cannot_own_user_keys() {
        User anonymous = user(AuthProvider.ANON_USER, UserType.NORMAL);
        User server = user(AuthProvider.API_KEY, UserType.SERVER);
        assertThatThrownBy(() -> add(KeyRing.reconstitute(anonymous.id(), List.of()), anonymous, "k"))
                .isInstanceOfSatisfying(
                        OwnerCannotHoldKeys.class,
                        e -> assertThat(e.reason()).isEqualTo(OwnerCannotHoldKeys.Reason.ANONYMOUS_USER));
        assertThatThrownBy(() -> add(KeyRing.reconstitute(server.id(), List.of()), server, "k"))
                .isInstanceOfSatisfying(
                        OwnerCannotHoldKeys.class,
                        e -> assertThat(e.reason()).isEqualTo(OwnerCannotHoldKeys.Reason.SERVER_USER));
    }

    @Test
    void disable_and_enable_change_state_once_and_are_idempotent() {
        User owner = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        KeyRing ring = KeyRing.reconstitute(owner.id(), List.of());
        add(ring, owner, "k");
        ApiKeyId id = ring.keys().getFirst().id();
        assertThat(ring.disable(id).disabled()).isTrue();
        assertThat(ring.disable(id).disabled()).isTrue();
        assertThat(ring.key(id).canLogIn(NOW)).isFalse();
        assertThat(ring.enable(id).disabled()).isFalse();
        assertThat(ring.enable(id).disabled()).isFalse();
        assertThat(ring.changes())
                .extracting(Object::getClass)
                .containsExactly(
                        KeyRingChange.KeyAdded.class, KeyRingChange.KeyDisabled.class, KeyRingChange.KeyEnabled.class);
    }

    @Test
    void unknown_keys_are_not_found_for_every_operation() {
        User owner = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        KeyRing ring = KeyRing.reconstitute(owner.id(), List.of());
        ApiKeyId missing = newId();
        assertThatThrownBy(() -> ring.key(missing)).isInstanceOf(ApiKeyNotFound.class);
        assertThatThrownBy(() -> ring.enable(missing)).isInstanceOf(ApiKeyNotFound.class);
        assertThatThrownBy(() -> ring.disable(missing)).isInstanceOf(ApiKeyNotFound.class);
        assertThatThrownBy(() -> ring.remove(missing)).isInstanceOf(ApiKeyNotFound.class);
    }

    @Test
    void removing_a_key_frees_its_name_and_a_slot() {
        User owner = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        KeyRing ring = KeyRing.reconstitute(owner.id(), List.of());
        for (int i = 0; i < KeyRing.MAX_KEYS; i++) {
            add(ring, owner, "key-" + i);
        }
        ring.remove(ring.keys().getFirst().id());
        add(ring, owner, "key-0");
        assertThat(ring.keys()).hasSize(20);
    }

    @Test
    void a_ring_cannot_be_rebuilt_from_another_owners_keys() {
        User owner = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        User other = user(AuthProvider.LOCAL_USERPASS, UserType.NORMAL);
        KeyRing ring = KeyRing.reconstitute(owner.id(), List.of());
        add(ring, owner, "k");
        assertThatThrownBy(() -> KeyRing.reconstitute(other.id(), ring.keys()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
