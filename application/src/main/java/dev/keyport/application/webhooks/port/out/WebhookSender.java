package dev.keyport.application.webhooks.port.out;

import java.util.Map;
import java.util.Optional;

/**
 * Posts one delivery and tells the HTTP status. A network failure, a deadline passed, or a receiver whose address
 * may not be reached is an {@link Unreachable} whose message is kept with the attempt and shown to the admin: it
 * must be coarse (never which port answered, was closed or filtered), details go to the operator's log only.
 */
public interface WebhookSender {
    int post(String url, Map<String, String> headers, String body) throws Unreachable;

    /**
     * Why deliveries to {@code url} would be refused (its host is, or resolves to, a loopback, private, link-local
     * or other non-public address outside the allowed networks), or empty. Asked when an endpoint is registered;
     * {@link #post} checks again, on the address it connects to. An adapter that reaches the network must
     * override it.
     */
    default Optional<String> refusal(String url) {
        return Optional.empty();
    }

    final class Unreachable extends Exception {
        public Unreachable(String message) {
            super(message);
        }
    }
}
