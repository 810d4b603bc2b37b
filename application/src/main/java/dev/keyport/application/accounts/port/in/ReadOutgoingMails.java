package dev.keyport.application.accounts.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mails not sent yet, bodies included (they hold live confirmation and reset tokens: admin only). With no SMTP
 * server configured this is where a developer reads them (ADR 0022).
 */
public interface ReadOutgoingMails {
    List<OutgoingMail> pending(AdminCaller admin, int limit);

    record OutgoingMail(
            String id,
            String recipient,
            String subject,
            String body,
            Instant createdAt,
            int attempts,
            Optional<String> lastError) {}
}
