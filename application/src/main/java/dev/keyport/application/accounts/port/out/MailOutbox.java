package dev.keyport.application.accounts.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mails to send, kept by the store (ADR 0022): written in the transaction that issues their token, so a mail is
 * never lost when the SMTP server is down or the instance dies; sent under a lease, retried. Bodies are sealed
 * (they hold live tokens) and dropped once sent.
 */
public interface MailOutbox {
    /** Queues a mail; must run inside the transaction of the change it announces. */
    void enqueue(NewMail mail);

    /** Leases up to {@code limit} due mails to {@code leaseToken} until {@code leaseUntil}, oldest due first. */
    List<Claimed> claimDue(Instant now, Instant leaseUntil, String leaseToken, int limit);

    /** Sent: its body is dropped. False (nothing changed) when the lease is not held at {@code at}. */
    boolean sent(String id, String leaseToken, Instant at);

    /**
     * A failed attempt; {@code retryAt} empty: given up (its body is dropped). False (nothing changed) when the lease
     * is not held at {@code at}.
     */
    boolean failed(String id, String leaseToken, int attempts, Instant at, String error, Optional<Instant> retryAt);

    /** The mails not sent yet (pending, with their sealed bodies), oldest first. */
    List<Pending> pending(int limit);

    /** Removes up to {@code limit} finished mails (sent or given up) created before {@code before}. */
    int prune(Instant before, int limit);

    record NewMail(String id, String recipient, String subject, byte[] sealedBody, Instant createdAt) {}

    record Claimed(String id, String recipient, String subject, byte[] sealedBody, int attempts) {}

    record Pending(
            String id,
            String recipient,
            String subject,
            byte[] sealedBody,
            Instant createdAt,
            int attempts,
            Optional<String> lastError) {}
}
