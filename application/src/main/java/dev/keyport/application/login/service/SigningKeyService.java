package dev.keyport.application.login.service;

import dev.keyport.application.login.port.in.TokenSigningKey;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.shared.port.out.ServerSecrets;
import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The symmetric key of refresh and admin tokens: the configured one if there is one, otherwise the
 * one stored sealed under {@value #SEALED_NAME} (made from 32 random bytes by whichever instance starts
 * first). A key stored in the clear by an older Keyport ({@value #LEGACY_NAME}) is sealed and its clear
 * copy removed, so refresh tokens issued before the upgrade stay valid. How long a key must be is the
 * signer's rule: the REST adapter's {@code TokenSettings} refuses a shorter one at start.
 */
public final class SigningKeyService implements TokenSigningKey {
    static final String SEALED_NAME = "token-hmac-key.sealed";
    static final String LEGACY_NAME = "access-token-signing-key";
    private static final int GENERATED_BYTES = 32;

    private final byte[] key;
    private final boolean configured;

    public SigningKeyService(Optional<byte[]> configuredKey, ServerSecrets secrets, SecretSealer sealer,
                             RandomGenerator random) {
        if (configuredKey.isPresent()) {
            this.key = configuredKey.get().clone();
            this.configured = true;
        } else {
            byte[] sealed = secrets.getOrCreate(SEALED_NAME, () -> {
                byte[] plain = secrets.find(LEGACY_NAME).orElseGet(() -> {
                    byte[] generated = new byte[GENERATED_BYTES];
                    random.nextBytes(generated);
                    return generated;
                });
                try {
                    return sealer.seal(plain, SEALED_NAME);
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            });
            this.key = sealer.open(sealed, SEALED_NAME);
            secrets.remove(LEGACY_NAME);
            this.configured = false;
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean configured() {
        return configured;
    }
}
