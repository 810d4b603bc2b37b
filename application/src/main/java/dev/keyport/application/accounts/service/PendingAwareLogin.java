package dev.keyport.application.accounts.service;

import dev.keyport.application.accounts.port.out.PendingRegistrations;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.domain.error.ConfirmationRequired;
import dev.keyport.domain.error.WrongCredentials;

/**
 * Password login that tells a pending registration apart (ADR 0022): a login refused as wrong credentials whose
 * email has a pending registration and whose password is that registration's is answered "confirmation required"
 * ({@code AuthError}, as App Services does); any other refusal stays {@link WrongCredentials}, so the answer tells
 * nothing to someone who does not know the password.
 */
public final class PendingAwareLogin implements LogInWithPassword {
    private final LogInWithPassword login;
    private final PendingRegistrations registrations;
    private final PasswordHasher hasher;

    public PendingAwareLogin(LogInWithPassword login, PendingRegistrations registrations, PasswordHasher hasher) {
        this.login = login;
        this.registrations = registrations;
        this.hasher = hasher;
    }

    @Override
    public OpenedSession logIn(Command command) {
        try {
            return login.logIn(command);
        } catch (WrongCredentials refused) {
            if (registrations
                    .find(command.email())
                    .filter(pending -> hasher.matches(command.password(), pending.passwordHash()))
                    .isPresent()) {
                throw new ConfirmationRequired();
            }
            throw refused;
        }
    }
}
