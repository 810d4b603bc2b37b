package dev.keyport.application.accounts.port.out;

/** The stored driven ports of confirmation and reset, from one store (as {@code DrivenPorts} holds the others). */
public record AccountPorts(
        PendingRegistrations registrations,
        PasswordResets resets,
        AccountMailRequests mailRequests,
        MailOutbox outbox) {}
