package dev.keyport.application.accounts.port.in;

import dev.keyport.application.shared.port.in.Caller;

/**
 * A user deletes their own account ({@code DELETE /api/client/v2.0/auth/delete}, realm-core's {@code
 * App::delete_user}, realm-web's {@code app.deleteUser}): the user, their identities, every session and every API
 * key are gone; the keys stop logging in at once here and within the revocation bound everywhere; the email can
 * register again. From a live session only; not from a key session (unless the api-key provider's
 * {@code keySessionsMayManageKeys}), not for a server user.
 */
public interface DeleteOwnAccount {
    void deleteOwnAccount(Caller caller);
}
