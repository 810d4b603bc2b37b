package dev.keyport.application.accounts.port.in;

import dev.keyport.domain.user.Email;

/**
 * {@code confirm/send} and {@code reset/send}: asks for a confirmation or reset mail. The answer is the same whether
 * or not the address has a pending registration or an account (ADR 0022): no enumeration through these routes.
 */
public interface RequestAccountMail {
    void requestConfirmation(Email email);

    void requestReset(Email email);
}
