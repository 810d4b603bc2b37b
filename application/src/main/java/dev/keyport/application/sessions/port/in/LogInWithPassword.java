package dev.keyport.application.sessions.port.in;

import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Password;
import java.util.Objects;

/** Logs in with email and password ({@code local-userpass}). */
public interface LogInWithPassword {
    OpenedSession logIn(Command command);

    record Command(Email email, Password password, DeviceHint device) {
        public Command {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(device, "device");
        }

        public Command(String email, String password, DeviceHint device) {
            this(new Email(email), Password.offered(password), device);
        }
    }
}
