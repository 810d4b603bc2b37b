package dev.keyport.application.login.port.in;

/**
 * The symmetric key behind the tokens only Keyport reads (refresh and admin tokens; access tokens are
 * signed with {@link AccessTokenKeys}). It is the configured one, or else one generated on the first
 * start and kept sealed in the store, so restarts and other instances keep accepting tokens already issued.
 */
public interface TokenSigningKey {

    /** The key's bytes (at least 32). The same on every call. */
    byte[] key();

    /** Whether the key came from configuration rather than from the store. */
    boolean configured();
}
