package dev.keyport.application.accounts.port.out;

/**
 * Calls the app's custom confirmation or reset, which stands in for an App Services function (ADR 0022): a signed
 * HTTP POST of a JSON body to the configured URL, whose answer is {@link Outcome#SUCCESS} (200),
 * {@link Outcome#PENDING} (202) or {@link Outcome#FAIL} (any other status).
 */
public interface AccountCallbacks {
    enum Outcome {
        SUCCESS,
        PENDING,
        FAIL
    }

    /**
     * @throws Unavailable when no signing secret is configured, the receiver's address is refused (not public), or
     *                     it gave no HTTP answer within the deadline
     */
    Outcome call(String url, String body) throws Unavailable;

    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
