package dev.keyport.application.admin.port.in;

import dev.keyport.domain.user.Password;
import java.util.Objects;

/**
 * The admin's sessions after login: every admin request is authenticated against a live session, so
 * that signing out, or changing the password, ends the admin's tokens on every instance at once.
 */
public interface AdminSessions {

    /**
     * The caller a verified admin token claims, if its session is still live and the account is
     * still the configured admin; otherwise {@link dev.keyport.domain.error.InvalidSession}.
     */
    AdminCaller authenticate(AdminCaller claimed);

    /** Ends the caller's session (sign-out). */
    void logOut(AdminCaller admin);

    /**
     * Replaces the admin password and ends every admin session, this one included. Refused with
     * {@link dev.keyport.domain.error.WrongCredentials} if the current password is wrong, and with
     * {@link dev.keyport.domain.error.AdminPasswordConfigured} if the password comes from configuration.
     */
    void changePassword(ChangePassword command);

    record ChangePassword(AdminCaller admin, Password current, Password replacement) {
        public ChangePassword {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(replacement, "replacement");
        }
    }
}
