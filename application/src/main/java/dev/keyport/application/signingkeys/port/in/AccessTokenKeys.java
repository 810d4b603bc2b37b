package dev.keyport.application.signingkeys.port.in;

/**
 * The asymmetric keys behind access tokens: which one signs now and which are published (the JWKS),
 * so that resource servers can check Keyport's access tokens without a shared secret.
 */
public interface AccessTokenKeys {

    /**
     * The keys in force now. Cheap: kept in memory and re-read from the store every few seconds, so a
     * rotation on another instance is seen well before the new key signs.
     */
    AccessTokenKeyRing ring();

    /**
     * The published key with this {@code kid}, to verify a token. A {@code kid} this instance does not know
     * (a key made or revoked at once on another instance since its last read) makes it read the keys again,
     * at most once a second, so a guessing caller cannot turn each request into a query.
     */
    java.util.Optional<AccessTokenKeyRing.Published> published(String kid);
}
