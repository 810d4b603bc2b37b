package dev.keyport.application.signingkeys.port.in;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The access-token keys at one moment: the one that signs, and every published one (the signing key,
 * keys published ahead of signing, and retired keys whose tokens may still be valid), oldest first.
 */
public record AccessTokenKeyRing(Signing signing, List<Published> published) {
    public static final String ALGORITHM = "ES256";

    public AccessTokenKeyRing {
        Objects.requireNonNull(signing, "signing");
        published = List.copyOf(published);
    }

    /**
     * A P-256 coordinate or scalar as exactly 32 big-endian bytes: how a JWK writes {@code x} and {@code y},
     * and how a JOSE ES256 signature writes {@code r} and {@code s}.
     */
    public static byte[] p256Bytes(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }

    /** The published key with this {@code kid}, if there is one. */
    public Optional<Published> find(String kid) {
        for (Published key : published) {
            if (key.kid().equals(kid)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** The key that signs new access tokens. */
    public record Signing(String kid, ECPrivateKey privateKey) {
        public Signing {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "Signing[kid=" + kid + ", privateKey=hidden]";
        }
    }

    /**
     * A published key and its life: published from {@code createdAt}, signing from {@code signsFrom}
     * until {@code signsUntil} (when a newer key took over), published until {@code publishedUntil}
     * (when the last access token it signed has expired).
     */
    public record Published(
            String kid,
            ECPublicKey publicKey,
            Instant createdAt,
            Instant signsFrom,
            Optional<Instant> signsUntil,
            Optional<Instant> publishedUntil,
            State state) {
        public Published {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(state, "state");
        }
    }

    /** Where a published key is in its life. */
    public enum State {
        /** Published, not signing yet: resource servers learn it before it signs. */
        NEXT,
        /** Signs new access tokens. */
        SIGNING,
        /** No longer signs; published until its last token expires. */
        RETIRED
    }
}
