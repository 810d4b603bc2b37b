package dev.keyport.application.signingkeys.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HMAC keys behind the tokens only Keyport reads (refresh and admin tokens; access tokens are signed
 * with {@link AccessTokenKeys}): a small key set kept sealed in the store, each key named by its
 * {@code kid} (ADR 0015). One key signs; older keys verify until their tokens have expired, unless an
 * emergency rotation ended them.
 */
public interface TokenKeys {

    /** The key that signs new tokens now. */
    HmacKey signing();

    /**
     * The key that verifies a token whose header names {@code kid} now; for a token without a {@code kid}
     * (issued before the key set), the legacy key while it is in the set, verify-only. Empty if none.
     */
    Optional<HmacKey> verifying(Optional<String> kid);

    /** The keys in the set now, oldest first, without their secrets. */
    List<TokenKeyView> keys();

    /** A key: its {@code kid} and its bytes (at least 32). */
    record HmacKey(String kid, byte[] secret) {
        public HmacKey {
            Objects.requireNonNull(kid, "kid");
            secret = Objects.requireNonNull(secret, "secret").clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof HmacKey that
                    && kid.equals(that.kid)
                    && java.util.Arrays.equals(secret, that.secret);
        }

        @Override
        public int hashCode() {
            return kid.hashCode();
        }

        @Override
        public String toString() {
            return "HmacKey[kid=" + kid + ", secret=hidden]";
        }
    }

    /** Where a key is in its life. */
    enum State {
        /** Made by a rotation, signing from {@code signsFrom}: every instance loads it before it signs. */
        NEXT,
        /** Signs new tokens. */
        SIGNING,
        /** No longer signs; verifies tokens carrying its kid until {@code verifyUntil}. */
        VERIFY_ONLY
    }

    /** A key as the admin sees it: never its secret. */
    record TokenKeyView(
            String kid,
            State state,
            Instant createdAt,
            Instant signsFrom,
            Optional<Instant> verifyUntil,
            boolean legacy) {}
}
