package dev.keyport.application.accounts.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.user.Email;
import java.util.Objects;

/**
 * The admin's side of pending registrations (App Services' {@code user_registrations/by_email/{email}/confirm} and
 * {@code .../send_confirm}).
 */
public interface ManageRegistrations {
    /** Confirms the pending registration at once. */
    void confirm(Command command);

    /** Sends the confirmation mail again, with a new token (the earlier one stops working). */
    void sendConfirmation(Command command);

    record Command(AdminCaller admin, Email email) {
        public Command {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(email, "email");
        }
    }
}
