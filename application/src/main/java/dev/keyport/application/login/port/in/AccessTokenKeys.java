package dev.keyport.application.login.port.in;

/**
 * The asymmetric keys behind access tokens: which one signs now and which are published (the JWKS),
 * so that resource servers can check Keyport's access tokens without a shared secret.
 */
public interface AccessTokenKeys {

    /**
     * The keys in force now. Cheap: kept in memory and re-read from the store every few seconds, so a
     * rotation on another instance is seen well before the new key signs.
     */
    KeyRing ring();
}
