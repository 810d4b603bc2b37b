package dev.keyport.application.webhooks.port.out;

import java.util.Map;

/** Posts one delivery and tells the HTTP status; a network failure is an exception with a message for the log. */
public interface WebhookSender {
    int post(String url, Map<String, String> headers, String body) throws Unreachable;

    final class Unreachable extends Exception {
        public Unreachable(String message) {
            super(message);
        }
    }
}
