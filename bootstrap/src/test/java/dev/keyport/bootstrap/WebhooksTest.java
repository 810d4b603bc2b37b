package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import io.micronaut.json.tree.JsonNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real receiver over HTTP, with Keyport on PostgreSQL (issue 14): the receiver checks
 * every signature itself (HMAC-SHA256 over {@code "<t>.<body>"}), answers 500 to the first attempts, and gets
 * each event again until it says 2xx; an event still undelivered when Keyport stops is delivered by the next
 * instance on the same database; a refused change announces nothing.
 */
class WebhooksTest {
    private static final String APPS = "/api/admin/v3.0/apps/keyport";
    private static final Map<String, String> FAST = Map.of("keyport.admin.username", "root",
            "keyport.admin.password", "admin-secret", "keyport.webhooks.poll-interval", "100ms",
            "keyport.webhooks.retry-base", "200ms", "keyport.webhooks.lease", "2s",
            "keyport.webhooks.expiry-scan-interval", "200ms");

    private record Received(String deliveryId, String event, String signature, String body, boolean accepted) {
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile boolean down;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean accept = !down && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
            received.add(new Received(exchange.getRequestHeaders().getFirst("Keyport-Delivery"),
                    exchange.getRequestHeaders().getFirst("Keyport-Event"),
                    exchange.getRequestHeaders().getFirst("Keyport-Signature"), body, accept));
            exchange.sendResponseHeaders(accept ? 204 : (down ? 503 : 500), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /** The receiver's own check: t within 5 minutes, v1 = HMAC-SHA256(secret, t + "." + body), compared in constant time. */
    private static boolean signatureValid(String secret, String header, String body) throws Exception {
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : header.split(",")) {
            String[] pair = part.split("=", 2);
            parts.put(pair[0], pair[1]);
        }
        long t = Long.parseLong(parts.get("t"));
        if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.get("v1")));
    }

    private Received awaitAccepted(Predicate<Received> which) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (r.accepted() && which.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not delivered within 20 s; received: " + received);
    }

    @Test
    void events_are_signed_retried_until_accepted_and_listed_with_their_attempts() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(FAST)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            Answer endpoint = client.post(APPS + "/webhooks", admin, "{\"url\":\"" + hookUrl() + "\"}");
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
            String secret = endpoint.text("secret");
            assertThat(secret).startsWith("whsec_");
            assertThat(client.get(APPS + "/webhooks", admin).body()).contains(hookUrl()).doesNotContain(secret);
            assertThat(client.post(APPS + "/webhooks", admin, "{\"url\":\"ftp://example.org/x\"}").errorCode()).isEqualTo("InvalidParameter");

            failuresLeft.set(2);
            Answer key = client.post(APPS + "/api_keys", admin, "{\"name\":\"hooked\"}");
            assertThat(client.post(APPS + "/api_keys", admin, "{\"name\":\"hooked\"}").status())
                    .as("a refused duplicate announces nothing").isEqualTo(409);

            Received created = awaitAccepted(r -> "key.created".equals(r.event()));
            assertThat(received).filteredOn(r -> r.deliveryId().equals(created.deliveryId())).hasSize(3)
                    .allSatisfy(r -> assertThat(signatureValid(secret, r.signature(), r.body())).isTrue());
            assertThat(signatureValid("whsec_wrong", created.signature(), created.body())).isFalse();
            JsonNode payload = ProtocolClient.parse(created.body());
            assertThat(payload.get("type").getStringValue()).isEqualTo("key.created");
            assertThat(payload.get("data").get("target").getStringValue()).isEqualTo("key:" + key.text("_id"));
            assertThat(created.body()).doesNotContain(key.text("key"));

            Thread.sleep(300);
            assertThat(received).filteredOn(r -> "key.created".equals(r.event())).extracting(Received::deliveryId)
                    .containsOnly(created.deliveryId());
            Answer deliveries = client.get(APPS + "/webhooks/deliveries", admin);
            JsonNode first = null;
            for (JsonNode delivery : deliveries.json().values()) {
                if (delivery.get("_id").getStringValue().equals(created.deliveryId())) {
                    first = delivery;
                }
            }
            assertThat(first).as(deliveries.body()).isNotNull();
            assertThat(first.get("state").getStringValue()).isEqualTo("delivered");
            assertThat(first.get("attempts").getIntValue()).isEqualTo(3);
            assertThat(first.get("last_status").getIntValue()).isEqualTo(204);
            Answer attempts = client.get(APPS + "/webhooks/deliveries/" + created.deliveryId() + "/attempts", admin);
            assertThat(attempts.json().values()).extracting(attempt -> attempt.get("status").getIntValue())
                    .containsExactly(500, 500, 204);
            assertThat(client.get(APPS + "/webhooks/deliveries/0123456789abcdef01234567/attempts", admin).errorCode())
                    .isEqualTo("WebhookNotFound");
        }
    }

    @Test
    void a_key_is_announced_as_expiring_then_as_expired() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(FAST)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            String secret = client.post(APPS + "/webhooks", admin, "{\"url\":\"" + hookUrl() + "\"}").text("secret");
            Instant expiry = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String keyId = client.post(APPS + "/api_keys", admin, "{\"name\":\"short\",\"expires_at\":\"" + expiry + "\"}").text("_id");
            Received expiring = awaitAccepted(r -> "key.expiring".equals(r.event()));
            assertThat(expiring.body()).contains("key:" + keyId).contains("expires at " + expiry);
            Received expired = awaitAccepted(r -> "key.expired".equals(r.event()));
            assertThat(Instant.now()).isAfterOrEqualTo(expiry);
            assertThat(signatureValid(secret, expired.signature(), expired.body())).isTrue();
            Thread.sleep(500);
            assertThat(received).filteredOn(r -> r.event().startsWith("key.expir")).hasSize(2);
        }
    }

    @Test
    void an_event_not_yet_delivered_when_keyport_stops_is_delivered_by_the_next_instance() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        String secret;
        String keyId;
        try (KeyportTestServer server = KeyportTestServer.start(db.micronautProperties(), FAST)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            secret = client.post(APPS + "/webhooks", admin, "{\"url\":\"" + hookUrl() + "\"}").text("secret");
            down = true;
            keyId = client.post(APPS + "/api_keys", admin, "{\"name\":\"survivor\"}").text("_id");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(received).as("an attempt was made and refused").isNotEmpty().noneMatch(Received::accepted);
        }
        down = false;
        try (KeyportTestServer again = KeyportTestServer.start(db.micronautProperties(), FAST)) {
            Received delivered = awaitAccepted(r -> "key.created".equals(r.event()));
            assertThat(signatureValid(secret, delivered.signature(), delivered.body())).isTrue();
            assertThat(delivered.body()).contains("key:" + keyId);
        }
    }
}
