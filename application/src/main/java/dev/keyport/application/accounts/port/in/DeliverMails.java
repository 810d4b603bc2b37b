package dev.keyport.application.accounts.port.in;

/** Run by schedules on every instance: sends due mails, forgets old ones. */
public interface DeliverMails {
    /** Sends the due mails (when a mail server is configured); returns how many were sent. */
    int deliverDue();

    /** Forgets finished mails past their retention; returns how many. */
    int pruneDone();
}
