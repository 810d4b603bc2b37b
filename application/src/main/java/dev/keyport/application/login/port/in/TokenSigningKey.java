package dev.keyport.application.login.port.in;

/**
 * The key that signs the tokens Keyport issues (access, refresh and admin tokens): the REST adapter
 * signs and verifies with it. It is the configured one, or else one generated on the first start and
 * kept in the store, so restarts and other instances keep accepting tokens already issued.
 */
public interface TokenSigningKey {

    /** The key's bytes (at least 32). The same on every call. */
    byte[] key();

    /** Whether the key came from configuration rather than from the store. */
    boolean configured();
}
