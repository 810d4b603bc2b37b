package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.apikey.KeyRingChange;
import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The key ring's rules hold after any sequence of operations: at most 20 keys, names unique, every
 * refusal leaves the ring as it was, and replaying the recorded changes on the starting ring gives
 * the same keys (what the store does with {@link KeyRing#changes()}).
 */
class KeyRingPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    record Operation(String kind, int name, int target) {}

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> one = net.jqwik.api.Combinators.combine(
                        Arbitraries.of("add", "add", "add", "enable", "disable", "remove", "roll", "end-grace"),
                        Arbitraries.integers().between(0, 29),
                        Arbitraries.integers().between(0, 40))
                .as(Operation::new);
        return one.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 300)
    void the_rules_hold_after_any_sequence_of_operations(
            @ForAll("operations") List<Operation> operations, @ForAll long seed) {
        Random random = new Random(seed);
        UserId ownerId = UserId.generate(NOW, random);
        User owner = new User(
                ownerId,
                UserType.NORMAL,
                List.of(new Identity(IdentityId.generate(NOW, random), AuthProvider.LOCAL_USERPASS, "ann@example.org")),
                Optional.of(new Email("ann@example.org")),
                NOW);
        KeyRing ring = KeyRing.reconstitute(ownerId, List.of());
        Map<ApiKeyId, ApiKey> model = new HashMap<>();
        List<ApiKeyId> everSeen = new java.util.ArrayList<>();
        for (Operation op : operations) {
            List<ApiKey> before = ring.keys();
            ApiKeyId target =
                    everSeen.isEmpty() ? ApiKeyId.generate(NOW, random) : everSeen.get(op.target() % everSeen.size());
            try {
                switch (op.kind()) {
                    case "add" -> {
                        ApiKey key = ring.add(
                                owner,
                                ApiKeyId.generate(NOW, random),
                                new ApiKeyName("key-" + op.name()),
                                ApiKeySecret.generate(random).digest(),
                                NOW,
                                java.util.Optional.empty());
                        everSeen.add(key.id());
                        model.put(key.id(), key);
                    }
                    case "enable" -> model.put(target, ring.enable(target));
                    case "disable" -> model.put(target, ring.disable(target));
                    case "roll" ->
                        model.put(
                                target,
                                ring.roll(
                                        target,
                                        ApiKeySecret.generate(random).digest(),
                                        op.target() % 2 == 0 ? Optional.empty() : Optional.of(NOW.plusSeconds(60))));
                    case "end-grace" -> model.put(target, ring.endGrace(target));
                    default -> {
                        ring.remove(target);
                        model.remove(target);
                    }
                }
            } catch (DuplicateKeyName | KeyLimitReached | ApiKeyNotFound refused) {
                assertThat(ring.keys()).as("a refusal changes nothing").isEqualTo(before);
                if (refused instanceof KeyLimitReached) {
                    assertThat(before).hasSize(KeyRing.MAX_KEYS);
                }
                if (refused instanceof DuplicateKeyName) {
                    assertThat(before).extracting(key -> key.name().value()).contains("key-" + op.name());
                }
            }
            assertThat(ring.keys()).hasSizeLessThanOrEqualTo(KeyRing.MAX_KEYS);
            assertThat(new HashSet<>(ring.keys().stream().map(ApiKey::name).toList()))
                    .hasSameSizeAs(ring.keys());
            assertThat(ring.keys()).containsExactlyInAnyOrderElementsOf(model.values());
        }
        Map<ApiKeyId, ApiKey> replayed = new HashMap<>();
        for (KeyRingChange change : ring.changes()) {
            switch (change) {
                case KeyRingChange.KeyAdded added -> replayed.put(added.key().id(), added.key());
                case KeyRingChange.KeyEnabled enabled ->
                    replayed.put(enabled.key().id(), enabled.key());
                case KeyRingChange.KeyDisabled disabled ->
                    replayed.put(disabled.key().id(), disabled.key());
                case KeyRingChange.KeyRemoved removed ->
                    replayed.remove(removed.key().id());
                case KeyRingChange.KeySessionsEnded ended ->
                    replayed.put(ended.key().id(), ended.key());
                case KeyRingChange.KeyValueChanged changed ->
                    replayed.put(changed.key().id(), changed.key());
            }
        }
        assertThat(replayed.values()).containsExactlyInAnyOrderElementsOf(ring.keys());
    }
}
