package dev.keyport.domain.account;

import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.PasswordHash;
import java.time.Instant;
import java.util.Objects;

/**
 * A registration waiting for its confirmation (App Services' "pending user", {@code autoConfirm} off): not a user
 * yet, so it cannot log in, own keys or sessions. The user id is chosen at registration and kept when confirmed.
 * Its current confirmation token is {@code token} (only the last one sent works).
 */
public record PendingRegistration(
        Email email, UserId userId, PasswordHash passwordHash, AccountToken.Stored token, Instant createdAt) {
    public PendingRegistration {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public PendingRegistration withToken(AccountToken.Stored newToken) {
        return new PendingRegistration(email, userId, passwordHash, newToken, createdAt);
    }
}
