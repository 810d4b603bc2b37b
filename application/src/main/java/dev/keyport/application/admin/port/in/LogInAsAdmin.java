package dev.keyport.application.admin.port.in;

import dev.keyport.domain.error.MissingParameter;
import dev.keyport.domain.user.Password;
import java.util.Objects;

/** Admin login with the configured (or generated) admin account. */
public interface LogInAsAdmin {
    AdminCaller logIn(Command command);

    record Command(String username, Password password) {
        public Command {
            if (username == null || username.isBlank()) {
                throw new MissingParameter("username");
            }
            Objects.requireNonNull(password, "password");
        }
    }
}
