package dev.keyport.bootstrap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server for the tests (GreenMail on a free loopback port), what it received read back, and for the
 * Node end-to-end scripts the same over HTTP: {@code GET /mails?to=<address>} answers
 * {@code [{"subject": ..., "body": ...}, ...]}, oldest first.
 */
final class TestMailbox implements AutoCloseable {
    private static final Pattern LINK =
            Pattern.compile("(https?://\\S+?)\\?token=([0-9a-f]{64})&tokenId=([0-9a-f]{24})");
    private final GreenMail smtp;
    private HttpServer http;

    record Mail(String subject, String body) {
        /** The token and tokenId of the mail's link, and the URL before them. */
        Link link() {
            Matcher link = LINK.matcher(body);
            if (!link.find()) {
                throw new AssertionError("no link with token and tokenId in: " + body);
            }
            return new Link(link.group(1), link.group(2), link.group(3));
        }
    }

    record Link(String url, String token, String tokenId) {}

    TestMailbox() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    List<Mail> to(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> recipient(m).equalsIgnoreCase(address))
                .map(TestMailbox::mail)
                .toList();
    }

    /** The {@code count}-th mail to the address (1 = the first), waiting up to 20 s for it. */
    Mail await(String address, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Mail> mails = to(address);
            if (mails.size() >= count) {
                return mails.get(count - 1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("mail " + count + " to " + address + " did not arrive; received "
                + to(address).size());
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mail mail(MimeMessage message) {
        try {
            return new Mail(message.getSubject(), String.valueOf(message.getContent()));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the received mails as JSON on a loopback port; returns its base URL. */
    String serveOverHttp() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/mails", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String to = query == null ? "" : URLDecoder.decode(query.replaceFirst("^to=", ""), StandardCharsets.UTF_8);
            StringBuilder json = new StringBuilder("[");
            for (Mail mail : to(to)) {
                json.append(json.length() > 1 ? "," : "")
                        .append("{\"subject\":")
                        .append(quote(mail.subject()))
                        .append(",\"body\":")
                        .append(quote(mail.body()))
                        .append('}');
            }
            byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
        }
        smtp.stop();
    }
}
