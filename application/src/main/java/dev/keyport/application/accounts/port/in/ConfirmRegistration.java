package dev.keyport.application.accounts.port.in;

import java.util.Objects;

/** {@code confirm}: the token and tokenId of a confirmation mail (or of the custom confirmation) confirm the user. */
public interface ConfirmRegistration {
    void confirm(Command command);

    record Command(String token, String tokenId) {
        public Command {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(tokenId, "tokenId");
        }
    }
}
