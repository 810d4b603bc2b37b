package dev.keyport.adapter.mail;

import dev.keyport.application.accounts.port.out.MailSender;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail through an SMTP server with Jakarta Mail (Eclipse Angus), one connection per mail (few mails, and no
 * connection to keep alive between them). {@code security}: {@code starttls} (the default; the server must offer it),
 * {@code tls} (implicit TLS, port 465) or {@code none} (a local relay or a test server only). The server's certificate
 * and name are checked. Recipient and subject reach the message through Jakarta Mail's address parser and encoder,
 * and a CR or LF never reaches a header (ADR 0022).
 */
public final class SmtpMailSender implements MailSender {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailSender.class);

    public record Settings(
            String host,
            int port,
            String security,
            Optional<String> username,
            Optional<String> password,
            String from,
            Duration timeout) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(timeout, "timeout");
            security = security.toLowerCase(Locale.ROOT);
            if (!(security.equals("starttls") || security.equals("tls") || security.equals("none"))) {
                throw new IllegalArgumentException(
                        "KEYPORT_MAIL_SMTP_SECURITY must be starttls, tls or none, not " + security);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("KEYPORT_MAIL_SMTP_PORT must be between 1 and 65535");
            }
            if (username.isPresent() != password.isPresent()) {
                throw new IllegalArgumentException(
                        "set both KEYPORT_MAIL_SMTP_USERNAME and KEYPORT_MAIL_SMTP_PASSWORD, or neither");
            }
            try {
                new InternetAddress(from, true);
            } catch (AddressException e) {
                throw new IllegalArgumentException("KEYPORT_MAIL_FROM is not a mail address: " + from);
            }
        }
    }

    private final Settings settings;
    private final Session session;
    private final InternetAddress from;

    public SmtpMailSender(Settings settings) {
        this.settings = settings;
        String millis = String.valueOf(settings.timeout().toMillis());
        Properties properties = new Properties();
        String protocol = settings.security().equals("tls") ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", settings.host());
        properties.put("mail." + protocol + ".port", String.valueOf(settings.port()));
        properties.put("mail." + protocol + ".connectiontimeout", millis);
        properties.put("mail." + protocol + ".timeout", millis);
        properties.put("mail." + protocol + ".writetimeout", millis);
        properties.put(
                "mail." + protocol + ".auth", String.valueOf(settings.username().isPresent()));
        properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        if (settings.security().equals("starttls")) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        Authenticator authenticator = settings.username().isEmpty()
                ? null
                : new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(
                                settings.username().get(), settings.password().get());
                    }
                };
        this.session = Session.getInstance(properties, authenticator);
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("KEYPORT_MAIL_FROM is not a mail address", e);
        }
    }

    @Override
    public void send(String recipient, String subject, String text) throws Unavailable {
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient, true));
            message.setSubject(subject.replace('\r', ' ').replace('\n', ' '), "UTF-8");
            message.setText(text, "UTF-8");
            message.setHeader("Auto-Submitted", "auto-generated");
            Transport.send(message);
        } catch (AddressException e) {
            throw new Unavailable("not a deliverable address");
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("SMTP server {}:{} refused or failed a mail: {}", settings.host(), settings.port(), e.toString());
            throw new Unavailable(
                    "the mail server did not take the mail (" + e.getClass().getSimpleName() + ")");
        }
    }
}
