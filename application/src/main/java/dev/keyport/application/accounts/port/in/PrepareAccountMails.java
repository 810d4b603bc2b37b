package dev.keyport.application.accounts.port.in;

/**
 * Run by a schedule on every instance (with or without a mail server): turns the queued {@code confirm/send} and
 * {@code reset/send} requests into mails in the outbox (ADR 0022).
 */
public interface PrepareAccountMails {
    /** Returns how many requests it handled. */
    int prepareRequested();
}
