package dev.keyport.application.signingkeys.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import java.util.Optional;

/**
 * Rotation without a cut: a new key is published at once and signs only after the publish lead
 * ({@code keyport.tokens.publish-lead}), and the key it replaces stays published until its last access
 * token has expired.
 */
public interface RotateAccessTokenKey {

    /** An admin asks for a new key now. Audited. */
    AccessTokenKeyRing.Published rotate(AdminCaller admin);

    /**
     * The schedule's turn: a new key if the signing key is older than the rotation period and none is
     * waiting to sign; keys no token can need any more are forgotten. Audited when it rotates.
     */
    Optional<AccessTokenKeyRing.Published> rotateIfDue();

    /**
     * An emergency (ADR 0015): the key is deleted at once, so it leaves the JWKS and Keyport refuses the
     * access tokens it signed, here at once and on every other instance within the key-reload interval;
     * if it was signing, a new key signs at once (resource servers learn it from the JWKS when they meet
     * its {@code kid}). Audited.
     *
     * @return the key that signs now
     * @throws dev.keyport.domain.error.SigningKeyNotFound if no published key has this {@code kid}
     */
    AccessTokenKeyRing.Published revoke(AdminCaller admin, String kid);
}
