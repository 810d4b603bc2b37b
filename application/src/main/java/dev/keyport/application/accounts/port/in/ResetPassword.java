package dev.keyport.application.accounts.port.in;

import dev.keyport.domain.user.Password;
import java.util.Objects;

/**
 * {@code reset}: a reset token sets a new password; {@code reset/call}: the custom reset decides. A reset that
 * succeeds ends every stored (password) session of the user.
 */
public interface ResetPassword {
    void reset(WithToken command);

    void callResetFunction(WithFunction command);

    record WithToken(String token, String tokenId, Password password) {
        public WithToken {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(password, "password");
        }
    }

    /** @param argumentsJson the {@code arguments} the app passed, as a JSON array, handed to the callback as they are */
    record WithFunction(dev.keyport.domain.user.Email email, Password password, String argumentsJson) {
        public WithFunction {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(argumentsJson, "argumentsJson");
        }
    }
}
