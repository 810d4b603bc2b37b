package dev.keyport.domain.account;

import dev.keyport.domain.id.UserId;
import java.time.Instant;
import java.util.Objects;

/** A password-reset token issued to a user (by mail or to the reset callback); single use, 30 minutes. */
public record PasswordReset(UserId userId, AccountToken.Stored token, Instant createdAt) {
    public PasswordReset {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
