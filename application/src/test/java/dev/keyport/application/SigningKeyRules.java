package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import dev.keyport.application.signingkeys.service.AccessTokenKeyService;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.id.SessionId;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of the access-token keys (publish before signing, retire after the last token expires,
 * rotate on schedule or on an admin's word) and of the sealed HMAC key, run on each store.
 */
public abstract class SigningKeyRules {
    private static final Duration LEAD = Duration.ofMinutes(10);
    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final AdminCaller ADMIN = new AdminCaller("root", SessionId.generate(Instant.EPOCH, new Random(3)));

    protected abstract DrivenPorts freshPorts();

    private DrivenPorts ports;
    private TestClock clock;
    private final TestSealer sealer = new TestSealer();

    @BeforeEach
    void setUp() {
        ports = freshPorts();
        clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private AccessTokenKeyService keys() {
        return new AccessTokenKeyService(
                ports.signingKeys(),
                sealer,
                ports.audit(),
                ports.transactions(),
                clock,
                new AccessTokenKeyService.Settings(PERIOD, LEAD, LIFETIME, Duration.ofSeconds(10)));
    }

    @Test
    public void the_first_key_is_made_on_first_use_signs_at_once_and_is_stored_sealed() throws Exception {
        AccessTokenKeyRing ring = keys().ring();

        assertThat(ring.published()).singleElement().satisfies(key -> {
            assertThat(key.state()).isEqualTo(AccessTokenKeyRing.State.SIGNING);
            assertThat(key.kid()).isEqualTo(ring.signing().kid()).matches("[A-Za-z0-9_-]{43}");
        });
        assertThat(ports.signingKeys().all())
                .singleElement()
                .satisfies(stored -> assertThat(stored.sealedPrivateKey())
                        .isNotEqualTo(ring.signing().privateKey().getEncoded())
                        .isEqualTo(
                                sealer.seal(ring.signing().privateKey().getEncoded(), "signing-key:" + stored.kid())));
        assertThat(signs(ring.signing(), ring.published().getFirst())).isTrue();
        assertThat(keys().ring().signing().kid())
                .as("another instance on the same store agrees")
                .isEqualTo(ring.signing().kid());
    }

    @Test
    public void a_rotated_key_is_published_at_once_but_signs_only_after_the_lead() {
        AccessTokenKeyService keys = keys();
        String first = keys.ring().signing().kid();
        AccessTokenKeyRing.Published next = keys.rotate(ADMIN);

        assertThat(next.state()).isEqualTo(AccessTokenKeyRing.State.NEXT);
        assertThat(next.signsFrom()).isEqualTo(clock.instant().plus(LEAD));
        assertThat(keys.ring().signing().kid()).isEqualTo(first);
        assertThat(keys.ring().find(next.kid())).isPresent();

        clock.advance(LEAD);
        AccessTokenKeyRing after = keys.ring();
        assertThat(after.signing().kid()).isEqualTo(next.kid());
        assertThat(after.find(first)).hasValueSatisfying(old -> {
            assertThat(old.state()).isEqualTo(AccessTokenKeyRing.State.RETIRED);
            assertThat(old.publishedUntil())
                    .contains(next.signsFrom().plus(LIFETIME).plusSeconds(60));
        });
        assertThat(ports.audit().latest(5))
                .contains(new AuditEvent(
                        next.createdAt(),
                        ADMIN.actor(),
                        AuditAction.TOKEN_KEY_ROTATED,
                        new AuditTarget.SigningKey(next.kid()),
                        "signs from " + next.signsFrom()));
    }

    @Test
    public void a_revoked_signing_key_is_unpublished_at_once_and_a_new_key_signs_at_once() {
        AccessTokenKeyService keys = keys();
        String leaked = keys.ring().signing().kid();
        AccessTokenKeyRing.Published waiting = keys.rotate(ADMIN);

        assertThatThrownBy(() -> keys.revoke(ADMIN, "no-such-kid"))
                .isInstanceOf(dev.keyport.domain.error.SigningKeyNotFound.class);
        AccessTokenKeyRing.Published now = keys.revoke(ADMIN, leaked);

        assertThat(now.kid()).isNotIn(leaked, waiting.kid());
        assertThat(now.state()).isEqualTo(AccessTokenKeyRing.State.SIGNING);
        assertThat(keys.ring().find(leaked)).as("unpublished at once").isEmpty();
        assertThat(keys.ring().signing().kid()).isEqualTo(now.kid());
        assertThat(keys.ring().find(waiting.kid()))
                .as("a waiting key is left alone")
                .isPresent();
        assertThat(ports.signingKeys().all()).extracting(pair -> pair.kid()).doesNotContain(leaked);
        AccessTokenKeyService other = keys();
        assertThat(other.ring().find(leaked))
                .as("another instance reading the store")
                .isEmpty();
        assertThat(ports.audit().latest(1)).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(AuditAction.TOKEN_KEY_REVOKED);
            assertThat(event.target()).isEqualTo(new AuditTarget.SigningKey(leaked));
            assertThat(event.actor()).isEqualTo(ADMIN.actor());
        });
        assertThatThrownBy(() -> keys.revoke(ADMIN, leaked))
                .isInstanceOf(dev.keyport.domain.error.SigningKeyNotFound.class);

        AccessTokenKeyRing.Published waitingRevoked = keys.revoke(ADMIN, waiting.kid());
        assertThat(waitingRevoked.kid())
                .as("revoking a waiting key keeps the signing one")
                .isEqualTo(now.kid());
    }

    @Test
    public void a_kid_made_on_another_instance_is_looked_up_again_at_most_once_a_second() {
        AccessTokenKeyService here = keys();
        AccessTokenKeyService there = keys();
        there.ring();
        String now = here.revoke(ADMIN, here.ring().signing().kid()).kid();

        assertThat(there.published(now)).as("read less than a second ago").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(there.published(now))
                .as("read again for the unknown kid, before the reload interval")
                .isPresent();
        assertThat(there.published("never-made")).isEmpty();
    }

    @Test
    public void a_retired_key_stays_published_until_its_last_token_expires_then_is_forgotten() {
        AccessTokenKeyService keys = keys();
        String first = keys.ring().signing().kid();
        AccessTokenKeyRing.Published next = keys.rotate(ADMIN);
        clock.advance(LEAD.plus(LIFETIME));
        assertThat(keys.ring().find(first))
                .as("a token signed just before the switch is still valid")
                .isPresent();
        assertThat(keys.rotateIfDue()).isEmpty();
        assertThat(ports.signingKeys().all()).hasSize(2);

        clock.advance(Duration.ofSeconds(61));
        assertThat(keys.ring().find(first)).isEmpty();
        assertThat(keys.rotateIfDue()).isEmpty();
        assertThat(ports.signingKeys().all()).extracting(k -> k.kid()).containsExactly(next.kid());
    }

    @Test
    public void the_schedule_rotates_once_the_period_is_over_and_not_while_a_key_waits() {
        AccessTokenKeyService keys = keys();
        String first = keys.ring().signing().kid();
        clock.advance(PERIOD.minusSeconds(1));
        assertThat(keys.rotateIfDue()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        Optional<AccessTokenKeyRing.Published> rotated = keys.rotateIfDue();
        assertThat(rotated).hasValueSatisfying(key -> assertThat(key.state()).isEqualTo(AccessTokenKeyRing.State.NEXT));
        assertThat(keys.rotateIfDue()).as("one key waiting is enough").isEmpty();
        assertThat(keys.ring().signing().kid()).isEqualTo(first);
        assertThat(ports.audit().latest(1))
                .singleElement()
                .satisfies(event -> assertThat(event.actor()).isEqualTo(AuditActor.SCHEDULE));
    }

    @Test
    public void another_instance_sees_a_rotation_within_the_reload_interval() {
        AccessTokenKeyService here = keys();
        AccessTokenKeyService there = keys();
        there.ring();
        AccessTokenKeyRing.Published next = here.rotate(ADMIN);

        assertThat(there.ring().find(next.kid())).as("cached").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(there.ring().find(next.kid())).isPresent();
    }

    @Test
    public void keys_sealed_under_another_key_encryption_key_stop_the_start_with_a_clear_message() {
        keys().ring();
        AccessTokenKeyService otherKek = new AccessTokenKeyService(
                ports.signingKeys(),
                new TestSealer((byte) 0x33),
                ports.audit(),
                ports.transactions(),
                clock,
                new AccessTokenKeyService.Settings(PERIOD, LEAD, LIFETIME, Duration.ofSeconds(10)));

        assertThatThrownBy(otherKek::ring)
                .isInstanceOf(SecretSealer.UnreadableSecret.class)
                .hasMessageContaining("key-encryption key");
    }

    private static boolean signs(AccessTokenKeyRing.Signing signing, AccessTokenKeyRing.Published published)
            throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(signing.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(published.publicKey());
        verifier.update(new byte[] {1, 2, 3});
        return verifier.verify(signature);
    }

    /**
     * A stand-in for the AES-GCM sealer (tested on its own): XOR with a key byte, prefixed with the
     * context, so that a value sealed under another key or context does not open.
     */
    static final class TestSealer implements SecretSealer {
        private final byte key;

        TestSealer() {
            this((byte) 0x5a);
        }

        TestSealer(byte key) {
            this.key = key;
        }

        @Override
        public byte[] seal(byte[] secret, String context) {
            byte[] prefix = (context + "#" + key + "|").getBytes();
            byte[] sealed = Arrays.copyOf(prefix, prefix.length + secret.length);
            for (int i = 0; i < secret.length; i++) {
                sealed[prefix.length + i] = (byte) (secret[i] ^ key);
            }
            return sealed;
        }

        @Override
        public byte[] open(byte[] sealed, String context) {
            byte[] prefix = (context + "#" + key + "|").getBytes();
            if (sealed.length < prefix.length || !Arrays.equals(Arrays.copyOf(sealed, prefix.length), prefix)) {
                throw new UnreadableSecret(context);
            }
            byte[] secret = Arrays.copyOfRange(sealed, prefix.length, sealed.length);
            for (int i = 0; i < secret.length; i++) {
                secret[i] ^= key;
            }
            return secret;
        }
    }
}
