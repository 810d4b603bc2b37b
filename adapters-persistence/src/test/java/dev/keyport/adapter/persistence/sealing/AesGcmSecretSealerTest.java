package dev.keyport.adapter.persistence.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.shared.port.out.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmSecretSealerTest {
    private static final byte[] SECRET = "a private key, say".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_sealed_secret_opens_under_its_context_and_does_not_contain_the_secret() {
        AesGcmSecretSealer sealer = AesGcmSecretSealer.ephemeral();
        byte[] sealed = sealer.seal(SECRET, "signing-key:a");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("private key");
        assertThat(sealer.open(sealed, "signing-key:a")).isEqualTo(SECRET);
        assertThat(sealer.seal(SECRET, "signing-key:a"))
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void another_context_another_key_or_an_altered_value_does_not_open() {
        AesGcmSecretSealer sealer = AesGcmSecretSealer.ephemeral();
        byte[] sealed = sealer.seal(SECRET, "signing-key:a");
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> sealer.open(sealed, "signing-key:b"))
                .isInstanceOf(SecretSealer.UnreadableSecret.class);
        assertThatThrownBy(() -> AesGcmSecretSealer.ephemeral().open(sealed, "signing-key:a"))
                .isInstanceOf(SecretSealer.UnreadableSecret.class)
                .hasMessageContaining("KEYPORT_KEY_ENCRYPTION_KEY");
        assertThatThrownBy(() -> sealer.open(altered, "signing-key:a"))
                .isInstanceOf(SecretSealer.UnreadableSecret.class);
        assertThatThrownBy(() -> sealer.open(new byte[3], "signing-key:a"))
                .isInstanceOf(SecretSealer.UnreadableSecret.class);
    }

    @Test
    void the_key_file_is_made_once_owner_only_and_read_back(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/key-encryption.key");
        byte[] sealed = AesGcmSecretSealer.withKeyFile(file, () -> false).seal(SECRET, "x");

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(AesGcmSecretSealer.withKeyFile(file, () -> true).open(sealed, "x"))
                .as("an existing file is read, sealed secrets or not")
                .isEqualTo(SECRET);
        assertThat(AesGcmSecretSealer.withKey(Files.readString(file)).open(sealed, "x"))
                .isEqualTo(SECRET);
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void no_key_file_is_made_over_sealed_secrets(@TempDir Path dir) {
        Path file = dir.resolve("data/key-encryption.key");
        assertThatThrownBy(() -> AesGcmSecretSealer.withKeyFile(file, () -> true))
                .isInstanceOf(AesGcmSecretSealer.MissingKeyEncryptionKey.class)
                .hasMessageContaining("KEYPORT_KEY_ENCRYPTION_KEY")
                .hasMessageContaining(file.toString());
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void a_configured_key_must_be_32_bytes_of_base64() {
        assertThatThrownBy(() -> AesGcmSecretSealer.withKey(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> AesGcmSecretSealer.withKey("not base64!")).hasMessageContaining("base64");
    }
}
