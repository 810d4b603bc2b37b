package dev.keyport.application.login.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import java.util.Optional;

/**
 * Rotation without a cut: a new key is published at once and signs only after the publish lead
 * ({@code keyport.tokens.publish-lead}), and the key it replaces stays published until its last access
 * token has expired.
 */
public interface RotateAccessTokenKey {

    /** An admin asks for a new key now. Audited. */
    KeyRing.Published rotate(AdminCaller admin);

    /**
     * The schedule's turn: a new key if the signing key is older than the rotation period and none is
     * waiting to sign; keys no token can need any more are forgotten. Audited when it rotates.
     */
    Optional<KeyRing.Published> rotateIfDue();
}
