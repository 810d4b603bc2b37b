package dev.keyport.application.signingkeys.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;

/**
 * A new HMAC key for refresh and admin tokens (ADR 0015). With overlap, the new key signs once every
 * instance has loaded it and the old keys keep verifying until their last token has expired; in an
 * emergency the new key signs at once and every other key is deleted, so their tokens (every refresh
 * and admin token issued before) are refused on every instance within the key-reload interval.
 */
public interface RotateTokenKey {

    /** Audited. Returns the new key. */
    TokenKeys.TokenKeyView rotate(AdminCaller admin, boolean emergency);
}
