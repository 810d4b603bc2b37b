package dev.keyport.application.accounts.port.in;

import dev.keyport.domain.user.Email;

/** {@code confirm/call}: runs the custom confirmation of a pending registration again (a new token). */
public interface RetryCustomConfirmation {
    void retry(Email email);
}
