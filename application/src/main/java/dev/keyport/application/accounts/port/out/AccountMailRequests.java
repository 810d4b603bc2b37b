package dev.keyport.application.accounts.port.out;

import dev.keyport.domain.user.Email;
import java.time.Instant;
import java.util.List;

/**
 * The "send me a mail" requests of {@code reset/send} and {@code confirm/send}, queued as they come whether or not
 * the address has an account: the answer costs the same one write either way (no timing oracle), and the mail is
 * made later by {@code PrepareAccountMails} (ADR 0022). One request per address and kind is kept.
 */
public interface AccountMailRequests {
    enum Kind {
        CONFIRMATION,
        RESET
    }

    /** Queues it; a request of the same address and kind already waiting absorbs it. */
    void request(Email email, Kind kind, Instant at);

    /** Removes up to {@code limit} requests and returns them, oldest first; must run inside a transaction. */
    List<Request> take(int limit);

    record Request(Email email, Kind kind, Instant requestedAt) {}
}
