package dev.keyport.application.registration.port.in;

import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Password;

/** Registers an email/password account ({@code local-userpass}). */
public interface RegisterUser {
    RegisteredUser register(Command command);

    /** Validates on construction: a well-formed email and a password that meets the rules. */
    record Command(Email email, Password password) {
        public Command(String email, String password) {
            this(new Email(email), Password.chosen(password));
        }
    }

    record RegisteredUser(UserId userId) {}
}
