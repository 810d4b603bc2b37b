package dev.keyport.application.login.service;

import dev.keyport.application.login.port.in.TokenSigningKey;
import dev.keyport.application.shared.port.out.ServerSecrets;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The token signing key: the configured one if there is one, otherwise the one stored under
 * {@value #STORED_NAME} (made from 32 random bytes by whichever instance starts first).
 */
public final class SigningKeyService implements TokenSigningKey {
    static final String STORED_NAME = "access-token-signing-key";
    private static final int MIN_BYTES = 32;

    private final byte[] key;
    private final boolean configured;

    public SigningKeyService(Optional<byte[]> configuredKey, ServerSecrets secrets, RandomGenerator random) {
        if (configuredKey.isPresent()) {
            if (configuredKey.get().length < MIN_BYTES) {
                throw new IllegalArgumentException("the configured signing key must have at least " + MIN_BYTES + " bytes");
            }
            this.key = configuredKey.get().clone();
            this.configured = true;
        } else {
            this.key = secrets.getOrCreate(STORED_NAME, () -> {
                byte[] generated = new byte[MIN_BYTES];
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
