package dev.keyport.application.accounts.port.out;

/** Hands one mail to the mail server (SMTP). */
public interface MailSender {
    /**
     * @throws Unavailable when the mail server could not take it now (down, refused, timed out); retried. The
     *                     message is shown to the admin, so it names no credentials.
     */
    void send(String recipient, String subject, String text) throws Unavailable;

    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
