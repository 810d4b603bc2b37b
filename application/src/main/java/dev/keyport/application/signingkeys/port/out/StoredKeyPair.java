package dev.keyport.application.signingkeys.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key pair as stored: its {@code kid}, its JOSE algorithm, the public key (X.509
 * SubjectPublicKeyInfo, DER), the private key sealed (PKCS#8, DER, then sealed), when it was made, and
 * from when it signs. It is published from {@code createdAt}, before it signs.
 */
public record StoredKeyPair(
        String kid, String algorithm, byte[] publicKey, byte[] sealedPrivateKey, Instant createdAt, Instant signsFrom) {
    public StoredKeyPair {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
        sealedPrivateKey =
                Objects.requireNonNull(sealedPrivateKey, "sealedPrivateKey").clone();
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(signsFrom, "signsFrom");
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sealedPrivateKey() {
        return sealedPrivateKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredKeyPair that
                && kid.equals(that.kid)
                && algorithm.equals(that.algorithm)
                && java.util.Arrays.equals(publicKey, that.publicKey)
                && java.util.Arrays.equals(sealedPrivateKey, that.sealedPrivateKey)
                && createdAt.equals(that.createdAt)
                && signsFrom.equals(that.signsFrom);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "StoredKeyPair[kid=" + kid + ", algorithm=" + algorithm + ", createdAt=" + createdAt + ", signsFrom="
                + signsFrom + "]";
    }
}
