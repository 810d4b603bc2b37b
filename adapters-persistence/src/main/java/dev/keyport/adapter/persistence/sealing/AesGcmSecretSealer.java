package dev.keyport.adapter.persistence.sealing;

import dev.keyport.application.shared.port.out.SecretSealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets with AES-256-GCM under a key-encryption key (KEK) that is not kept in the store: a
 * database copy or backup alone does not give away the signing keys. A sealed value is
 * {@code 0x01 || 12-byte random nonce || ciphertext || 16-byte tag}, with its context (what the secret
 * is) as additional authenticated data, so a sealed value moved to another row does not open.
 *
 * <p>The KEK is {@code keyport.key-encryption-key} ({@code KEYPORT_KEY_ENCRYPTION_KEY}, base64 of 32
 * bytes, e.g. from a secret manager) when set; otherwise the file {@code key-encryption.key} in the data
 * directory, made on first start with owner-only permissions, and only while the store holds no sealed
 * secret yet: a new KEK cannot open what another one sealed, so an instance that finds sealed secrets and
 * no KEK stops at start, naming the setting, and writes no file. Every instance on one database needs the
 * same KEK: one that cannot open the stored keys stops at start with a message that says so.
 */
public final class AesGcmSecretSealer implements SecretSealer {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private AesGcmSecretSealer(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the key-encryption key must be 32 bytes (base64 of 32 random bytes), not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A sealer with this KEK (base64 of 32 bytes). */
    public static AesGcmSecretSealer withKey(String base64Key) {
        try {
            return new AesGcmSecretSealer(Base64.getDecoder().decode(base64Key.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the key-encryption key is not valid base64 of 32 bytes: " + e.getMessage(), e);
        }
    }

    /**
     * A sealer with the KEK in this file, which is made (owner-read/write only) if it does not exist yet and
     * the store holds no sealed secret; otherwise refused with {@link MissingKeyEncryptionKey}, making nothing.
     */
    public static AesGcmSecretSealer withKeyFile(Path file, BooleanSupplier storeHoldsSealedSecrets) {
        try {
            if (!Files.exists(file)) {
                if (storeHoldsSealedSecrets.getAsBoolean()) {
                    throw new MissingKeyEncryptionKey(file);
                }
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[KEY_BYTES];
                RANDOM.nextBytes(fresh);
                try {
                    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".kek", ".tmp");
                    restrict(temporary);
                    Files.write(temporary, Base64.getEncoder().encode(fresh), StandardOpenOption.TRUNCATE_EXISTING);
                    try {
                        Files.createLink(file, temporary); // fails if another process made it first
                    } catch (FileAlreadyExistsException e) {
                        // theirs wins; read it below
                    } finally {
                        Files.deleteIfExists(temporary);
                    }
                } finally {
                    Arrays.fill(fresh, (byte) 0);
                }
            }
            return withKey(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the key-encryption key file " + file, e);
        }
    }

    /** The store holds sealed secrets, and no key-encryption key is configured or in the data directory. */
    public static final class MissingKeyEncryptionKey extends IllegalStateException {
        MissingKeyEncryptionKey(Path file) {
            super("this database holds secrets sealed with a key-encryption key, and this instance has none: set "
                    + "KEYPORT_KEY_ENCRYPTION_KEY (keyport.key-encryption-key) to the one the other instances use, or copy "
                    + "their key file to " + file.toAbsolutePath() + ". No new key was made: it could not open them.");
        }
    }

    /** A sealer with a random KEK that lives as long as this process: for the in-memory store. */
    public static AesGcmSecretSealer ephemeral() {
        byte[] fresh = new byte[KEY_BYTES];
        RANDOM.nextBytes(fresh);
        return new AesGcmSecretSealer(fresh);
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection has to do
        }
    }

    @Override
    public byte[] seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = cipher.doFinal(secret);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new UnreadableSecret(context);
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES), context);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecret(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "AesGcmSecretSealer[key=hidden]";
    }
}
