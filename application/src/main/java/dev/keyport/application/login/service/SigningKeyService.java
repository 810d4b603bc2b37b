package dev.keyport.application.login.service;

import dev.keyport.application.login.port.in.TokenSigningKey;
import dev.keyport.application.shared.port.out.ServerSecrets;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The token signing key: the configured one if there is one, otherwise the one stored under
 * {@value #STORED_NAME} (made from 32 random bytes by whichever instance starts first). How long a
 * key must be is the signer's rule: the REST adapter's {@code TokenSettings} refuses a shorter one at start.
 */
public final class SigningKeyService implements TokenSigningKey {
    static final String STORED_NAME = "access-token-signing-key";
    private static final int GENERATED_BYTES = 32;

    private final byte[] key;
    private final boolean configured;

    public SigningKeyService(Optional<byte[]> configuredKey, ServerSecrets secrets, RandomGenerator random) {
        if (configuredKey.isPresent()) {
            this.key = configuredKey.get().clone();
            this.configured = true;
        } else {
            this.key = secrets.getOrCreate(STORED_NAME, () -> {
                byte[] generated = new byte[GENERATED_BYTES];
                random.nextBytes(generated);
                return generated;
            });
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
