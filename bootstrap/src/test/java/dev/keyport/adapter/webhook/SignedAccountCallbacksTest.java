package dev.keyport.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.domain.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The custom confirmation and reset callbacks (ADR 0022) against receivers on loopback: signed as webhooks, the status
 * alone decides, the webhooks' receiver address rules hold (loopback refused unless allowed), and a receiver that
 * never answers or redirects cannot hold or steer Keyport.
 */
class SignedAccountCallbacksTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    private HttpServer receiver;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER) + "|" + body);
            String path = exchange.getRequestURI().getPath();
            int status = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            }
            byte[] hostile = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, hostile.length);
            exchange.getResponseBody().write(hostile);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String url(int status) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/fn/" + status;
    }

    private SignedAccountCallbacks callbacks(String allowed, Optional<byte[]> secret) {
        return new SignedAccountCallbacks(
                new SocketWebhookSender(ReceiverAddresses.allowing(allowed), Duration.ofMillis(500)), secret, CLOCK);
    }

    @Test
    void the_status_alone_decides_and_every_call_is_signed() throws Exception {
        SignedAccountCallbacks allowed = callbacks("127.0.0.0/8", Optional.of(SECRET));
        assertThat(allowed.call(url(200), "{\"a\":1}")).isEqualTo(AccountCallbacks.Outcome.SUCCESS);
        assertThat(allowed.call(url(202), "{\"a\":1}")).isEqualTo(AccountCallbacks.Outcome.PENDING);
        assertThat(allowed.call(url(500), "{\"a\":1}"))
                .as("a body saying success changes nothing")
                .isEqualTo(AccountCallbacks.Outcome.FAIL);
        assertThat(allowed.call(url(302), "{\"a\":1}"))
                .as("a redirect is not followed")
                .isEqualTo(AccountCallbacks.Outcome.FAIL);
        assertThat(seen)
                .hasSize(4)
                .allSatisfy(call -> assertThat(call)
                        .isEqualTo(WebhookSignature.header(
                                        SECRET, CLOCK.instant().getEpochSecond(), "{\"a\":1}") + "|{\"a\":1}"));
    }

    @Test
    void a_receiver_on_loopback_is_refused_unless_allowed_and_nothing_is_sent() {
        assertThatThrownBy(() -> callbacks("", Optional.of(SECRET)).call(url(200), "{}"))
                .isInstanceOf(AccountCallbacks.Unavailable.class);
        assertThatThrownBy(() -> callbacks("", Optional.of(SECRET)).call("http://169.254.169.254/latest/200", "{}"))
                .isInstanceOf(AccountCallbacks.Unavailable.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void without_a_secret_nothing_is_sent() {
        assertThatThrownBy(() -> callbacks("127.0.0.0/8", Optional.empty()).call(url(200), "{}"))
                .isInstanceOf(AccountCallbacks.Unavailable.class)
                .hasMessageContaining("KEYPORT_ACCOUNT_FUNCTIONS_SECRET");
        assertThat(seen).isEmpty();
    }

    @Test
    void a_receiver_that_never_answers_is_given_up_at_the_deadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> callbacks("127.0.0.0/8", Optional.of(SECRET))
                            .call("http://127.0.0.1:" + silent.getLocalPort() + "/fn", "{}"))
                    .isInstanceOf(AccountCallbacks.Unavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("bounded by the deadline, with slack for a busy machine")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }
}
