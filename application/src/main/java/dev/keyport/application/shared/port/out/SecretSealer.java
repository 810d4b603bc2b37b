package dev.keyport.application.shared.port.out;

/**
 * Protects the secrets Keyport keeps in its store (the token signing keys) with a key the store does
 * not hold: a copy of the database alone does not give the secrets away. Each sealed value is bound to
 * a context (what it is, e.g. {@code signing-key:<kid>}), so that one sealed value cannot be passed off
 * as another.
 */
public interface SecretSealer {

    byte[] seal(byte[] secret, String context);

    /**
     * The secret {@link #seal} sealed under this context.
     *
     * @throws UnreadableSecret if it was sealed with another key, under another context, or was altered
     */
    byte[] open(byte[] sealed, String context);

    /** A sealed secret that this sealer cannot open: sealed with another key, for another context, or altered. */
    final class UnreadableSecret extends IllegalStateException {
        public UnreadableSecret(String context) {
            super("cannot open the stored secret '" + context + "': it was sealed with another key-encryption key "
                    + "(keyport.key-encryption-key / KEYPORT_KEY_ENCRYPTION_KEY, or the key file in the data directory), "
                    + "or it was altered");
        }
    }
}
