package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import dev.keyport.application.signingkeys.service.TokenKeyService;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.id.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of the HMAC key set of refresh and admin tokens (ADR 0015), run on each store: rotation with
 * overlap, emergency rotation, the legacy key of the previous version, and {@code KEYPORT_JWT_SECRET}.
 */
public abstract class TokenKeyRules {
    private static final Duration OVERLAP = Duration.ofDays(60);
    private static final Duration RELOAD = Duration.ofSeconds(10);
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final AdminCaller ADMIN = new AdminCaller("root", SessionId.generate(Instant.EPOCH, new Random(3)));
    private static final byte[] LEGACY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    protected abstract DrivenPorts freshPorts();

    private DrivenPorts ports;
    private TestClock clock;
    private final SigningKeyRules.TestSealer sealer = new SigningKeyRules.TestSealer();
    private final Random random = new Random(7);

    @BeforeEach
    void setUp() {
        ports = freshPorts();
        clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private TokenKeyService keys() {
        return keys(Optional.empty());
    }

    private TokenKeyService keys(Optional<byte[]> configured) {
        return new TokenKeyService(
                ports.tokenKeys(),
                ports.secrets(),
                sealer,
                ports.audit(),
                ports.transactions(),
                clock,
                random,
                new TokenKeyService.Settings(configured, OVERLAP, RELOAD));
    }

    private static Optional<String> kid(TokenKeys.HmacKey key) {
        return Optional.of(key.kid());
    }

    @Test
    public void the_first_start_makes_one_sealed_signing_key_that_every_instance_shares() {
        TokenKeyService first = keys();
        TokenKeyService second = keys();

        TokenKeys.HmacKey signing = first.signing();
        assertThat(signing.secret()).hasSize(32);
        assertThat(second.signing()).isEqualTo(signing);
        assertThat(ports.tokenKeys().all()).singleElement().satisfies(stored -> {
            assertThat(stored.kid()).isEqualTo(signing.kid());
            assertThat(stored.sealedKey()).isEqualTo(sealer.seal(signing.secret(), "token-key:" + signing.kid()));
            assertThat(stored.verifyUntil()).isEmpty();
        });
        assertThat(first.verifying(Optional.empty()))
                .as("no legacy key, so no kid-less token verifies")
                .isEmpty();
        assertThat(first.keys())
                .singleElement()
                .extracting(TokenKeys.TokenKeyView::state)
                .isEqualTo(TokenKeys.State.SIGNING);
    }

    @Test
    public void a_rotation_with_overlap_signs_after_the_reload_and_the_old_key_verifies_until_its_tokens_expire() {
        TokenKeyService keys = keys();
        TokenKeyService other = keys();
        TokenKeys.HmacKey old = keys.signing();

        TokenKeys.TokenKeyView next = keys.rotate(ADMIN, false);
        assertThat(next.state()).isEqualTo(TokenKeys.State.NEXT);
        assertThat(keys.signing()).as("every instance loads it before it signs").isEqualTo(old);
        assertThat(other.signing()).isEqualTo(old);

        clock.advance(RELOAD);
        assertThat(keys.signing().kid()).isEqualTo(next.kid());
        assertThat(other.signing().kid()).isEqualTo(next.kid());
        assertThat(other.verifying(kid(old))).contains(old);
        Instant until = next.signsFrom().plus(OVERLAP).plus(SKEW);
        assertThat(keys.keys())
                .filteredOn(view -> view.kid().equals(old.kid()))
                .singleElement()
                .satisfies(view -> {
                    assertThat(view.state()).isEqualTo(TokenKeys.State.VERIFY_ONLY);
                    assertThat(view.verifyUntil()).contains(until);
                });
        assertThat(ports.audit().latest(1)).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.TOKEN_HMAC_KEY_ROTATED);
            assertThat(event.target()).isEqualTo(new AuditTarget.TokenKey(next.kid()));
            assertThat(event.actor()).isEqualTo(ADMIN.actor());
        });

        clock.advance(Duration.between(clock.instant(), until).minusMillis(1));
        assertThat(other.verifying(kid(old)))
                .as("the last moment of the overlap")
                .contains(old);
        clock.advance(Duration.ofMillis(1));
        assertThat(other.verifying(kid(old))).isEmpty();
        assertThat(keys.verifying(Optional.of(next.kid()))).isPresent();
    }

    @Test
    public void an_emergency_rotation_ends_every_older_key_at_once_here_and_within_the_reload_elsewhere() {
        TokenKeyService keys = keys();
        TokenKeyService other = keys();
        TokenKeys.HmacKey old = keys.signing();
        keys.rotate(ADMIN, false);
        clock.advance(RELOAD);
        TokenKeys.HmacKey second = keys.signing();
        assertThat(other.verifying(kid(second))).isPresent();

        TokenKeys.TokenKeyView emergency = keys.rotate(ADMIN, true);

        assertThat(emergency.state()).isEqualTo(TokenKeys.State.SIGNING);
        assertThat(keys.signing().kid()).isEqualTo(emergency.kid());
        assertThat(keys.verifying(kid(old))).isEmpty();
        assertThat(keys.verifying(kid(second))).isEmpty();
        assertThat(ports.tokenKeys().all())
                .singleElement()
                .extracting(stored -> stored.kid())
                .isEqualTo(emergency.kid());
        assertThat(ports.audit().latest(1).getFirst().detail()).startsWith("emergency");

        assertThat(other.verifying(Optional.of(emergency.kid())))
                .as("read less than a second ago")
                .isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(other.verifying(Optional.of(emergency.kid())))
                .as("an unknown kid is looked up again")
                .isPresent();
        clock.advance(RELOAD);
        assertThat(other.verifying(kid(second)))
                .as("another instance, after its next read")
                .isEmpty();
        assertThat(other.signing().kid()).isEqualTo(emergency.kid());
    }

    @Test
    public void the_key_of_the_previous_version_becomes_the_verify_only_legacy_key_for_tokens_without_a_kid() {
        ports.secrets().getOrCreate("token-hmac-key.sealed", () -> sealer.seal(LEGACY, "token-hmac-key.sealed"));

        TokenKeyService keys = keys();

        assertThat(keys.signing().secret()).isNotEqualTo(LEGACY);
        assertThat(keys.verifying(Optional.empty())).hasValueSatisfying(key -> {
            assertThat(key.kid()).isEqualTo("legacy");
            assertThat(key.secret()).isEqualTo(LEGACY);
        });
        assertThat(keys.verifying(Optional.of("legacy")))
                .as("only tokens without a kid")
                .isEmpty();
        assertThat(ports.secrets().find("token-hmac-key.sealed")).isEmpty();
        assertThat(keys.keys().getFirst()).satisfies(view -> {
            assertThat(view.legacy()).isTrue();
            assertThat(view.state()).isEqualTo(TokenKeys.State.VERIFY_ONLY);
            assertThat(view.verifyUntil())
                    .contains(clock.instant().plus(OVERLAP).plus(SKEW));
        });
        assertThat(keys().signing()).as("a second start changes nothing").isEqualTo(keys.signing());

        clock.advance(OVERLAP.plus(SKEW));
        assertThat(keys.verifying(Optional.empty())).isEmpty();
    }

    @Test
    public void a_clear_legacy_key_is_rotated_away_too() {
        ports.secrets().getOrCreate("access-token-signing-key", () -> LEGACY);

        TokenKeyService keys = keys();

        assertThat(keys.verifying(Optional.empty()))
                .hasValueSatisfying(key -> assertThat(key.secret()).isEqualTo(LEGACY));
        assertThat(ports.secrets().find("access-token-signing-key")).isEmpty();
        assertThat(keys.signing().secret()).isNotEqualTo(LEGACY);
    }

    @Test
    public void a_configured_key_seeds_an_empty_set_and_must_otherwise_be_the_current_key() {
        byte[] configured = "configured-key-of-at-least-32-bytes".getBytes(StandardCharsets.US_ASCII);
        TokenKeyService seeded = keys(Optional.of(configured));
        assertThat(seeded.signing().secret()).isEqualTo(configured);
        assertThat(keys(Optional.of(configured)).configurationWarning()).isEmpty();

        byte[] other = "another-key-of-at-least-32-bytes!!".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> keys(Optional.of(other)))
                .hasMessageContaining("differs from the current signing key")
                .hasMessageContaining(seeded.signing().kid())
                .hasMessageNotContaining(new String(other, StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> keys(Optional.of(new byte[16]))).hasMessageContaining("256 bits");

        seeded.rotate(ADMIN, false);
        assertThatThrownBy(() -> keys(Optional.of(configured)))
                .as("rotated away: remove the setting")
                .hasMessageContaining("differs from the current signing key");
    }

    @Test
    public void a_configured_key_on_a_database_of_the_previous_version_is_its_legacy_key_and_only_warned_about() {
        ports.secrets().getOrCreate("token-keys.upgraded-database", () -> new byte[] {1});

        TokenKeyService keys = keys(Optional.of(LEGACY));

        assertThat(keys.verifying(Optional.empty()))
                .hasValueSatisfying(key -> assertThat(key.secret()).isEqualTo(LEGACY));
        assertThat(keys.signing().secret()).isNotEqualTo(LEGACY);
        assertThat(keys.configurationWarning())
                .hasValueSatisfying(warning -> assertThat(warning).contains("rotated away", "remove the setting"));
        assertThat(ports.secrets().find("token-keys.upgraded-database")).isEmpty();
    }

    @Test
    public void on_an_upgraded_database_the_configured_key_is_the_legacy_one_even_beside_a_stored_key() {
        // the previous version signed with KEYPORT_JWT_SECRET and ignored the key it had stored before
        ports.secrets().getOrCreate("token-keys.upgraded-database", () -> new byte[] {1});
        byte[] unused = "a-stored-key-the-old-version-ignored".getBytes(StandardCharsets.US_ASCII);
        ports.secrets().getOrCreate("token-hmac-key.sealed", () -> sealer.seal(unused, "token-hmac-key.sealed"));

        TokenKeyService keys = keys(Optional.of(LEGACY));

        assertThat(keys.verifying(Optional.empty()))
                .hasValueSatisfying(key -> assertThat(key.secret()).isEqualTo(LEGACY));
        assertThat(ports.secrets().find("token-hmac-key.sealed")).isEmpty();
    }
}
