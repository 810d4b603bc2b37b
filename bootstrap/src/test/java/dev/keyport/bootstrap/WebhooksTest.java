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
    /** Without an allow-list: receivers on internal addresses are refused (the default). */
    private static final Map<String, String> FAST_PUBLIC_ONLY = Map.of(
            "keyport.admin.username",
            "root",
            "keyport.admin.password",
            "admin-secret",
            "keyport.webhooks.poll-interval",
            "100ms",
            "keyport.webhooks.retry-base",
            "200ms",
            "keyport.webhooks.lease",
            "2s",
            "keyport.webhooks.attempt-timeout",
            "1s",
            "keyport.webhooks.expiry-scan-interval",
            "200ms");
    /** The test receivers listen on 127.0.0.1, allowed here. */
    private static final Map<String, String> FAST =
            with(FAST_PUBLIC_ONLY, "keyport.webhooks.allowed-networks", "127.0.0.1/32");

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> settings = new java.util.HashMap<>(base);
        settings.put(key, value);
        return Map.copyOf(settings);
    }

    private record Received(String deliveryId, String event, String signature, String body, boolean accepted) {}

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
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("Keyport-Delivery"),
                    exchange.getRequestHeaders().getFirst("Keyport-Event"),
                    exchange.getRequestHeaders().getFirst("Keyport-Signature"),
                    body,
                    accept));
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
            assertThat(client.get(APPS + "/webhooks", admin).body())
                    .contains(hookUrl())
                    .doesNotContain(secret);
            assertThat(client.post(APPS + "/webhooks", admin, "{\"url\":\"ftp://example.org/x\"}")
                            .errorCode())
                    .isEqualTo("InvalidParameter");

            failuresLeft.set(2);
            Answer key = client.post(APPS + "/api_keys", admin, "{\"name\":\"hooked\"}");
            assertThat(client.post(APPS + "/api_keys", admin, "{\"name\":\"hooked\"}")
                            .status())
                    .as("a refused duplicate announces nothing")
                    .isEqualTo(409);

            Received created = awaitAccepted(r -> "key.created".equals(r.event()));
            assertThat(received)
                    .filteredOn(r -> r.deliveryId().equals(created.deliveryId()))
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(signatureValid(secret, r.signature(), r.body()))
                            .isTrue());
            assertThat(signatureValid("whsec_wrong", created.signature(), created.body()))
                    .isFalse();
            JsonNode payload = ProtocolClient.parse(created.body());
            assertThat(payload.get("type").getStringValue()).isEqualTo("key.created");
            assertThat(payload.get("data").get("target").getStringValue()).isEqualTo("key:" + key.text("_id"));
            assertThat(created.body()).doesNotContain(key.text("key"));

            Thread.sleep(300);
            assertThat(received)
                    .filteredOn(r -> "key.created".equals(r.event()))
                    .extracting(Received::deliveryId)
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
            assertThat(attempts.json().values())
                    .extracting(attempt -> attempt.get("status").getIntValue())
                    .containsExactly(500, 500, 204);
            assertThat(client.get(APPS + "/webhooks/deliveries/0123456789abcdef01234567/attempts", admin)
                            .errorCode())
                    .isEqualTo("WebhookNotFound");
        }
    }

    @Test
    void a_key_is_announced_as_expiring_then_as_expired() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(FAST)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            String secret = client.post(APPS + "/webhooks", admin, "{\"url\":\"" + hookUrl() + "\"}")
                    .text("secret");
            Instant expiry = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String keyId = client.post(
                            APPS + "/api_keys", admin, "{\"name\":\"short\",\"expires_at\":\"" + expiry + "\"}")
                    .text("_id");
            Received expiring = awaitAccepted(r -> "key.expiring".equals(r.event()));
            assertThat(expiring.body()).contains("key:" + keyId).contains("expires at " + expiry);
            Received expired = awaitAccepted(r -> "key.expired".equals(r.event()));
            assertThat(Instant.now()).isAfterOrEqualTo(expiry);
            assertThat(signatureValid(secret, expired.signature(), expired.body()))
                    .isTrue();
            Thread.sleep(500);
            assertThat(received)
                    .filteredOn(r -> r.event().startsWith("key.expir"))
                    .hasSize(2);
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
            secret = client.post(APPS + "/webhooks", admin, "{\"url\":\"" + hookUrl() + "\"}")
                    .text("secret");
            down = true;
            keyId = client.post(APPS + "/api_keys", admin, "{\"name\":\"survivor\"}")
                    .text("_id");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(received)
                    .as("an attempt was made and refused")
                    .isNotEmpty()
                    .noneMatch(Received::accepted);
        }
        down = false;
        try (KeyportTestServer again = KeyportTestServer.start(db.micronautProperties(), FAST)) {
            Received delivered = awaitAccepted(r -> "key.created".equals(r.event()));
            assertThat(signatureValid(secret, delivered.signature(), delivered.body()))
                    .isTrue();
            assertThat(delivered.body()).contains("key:" + keyId);
        }
    }

    @Test
    void without_the_allow_list_internal_receivers_are_refused_at_registration_and_at_delivery_alike()
            throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        int closedPort;
        try (java.net.ServerSocket closed =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        String closedUrl = "http://127.0.0.1:" + closedPort + "/hook";
        try (KeyportTestServer server = KeyportTestServer.start(db.micronautProperties(), FAST_PUBLIC_ONLY)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            for (String url : List.of(
                    hookUrl(),
                    "http://localhost:" + receiver.getAddress().getPort() + "/hook",
                    "http://169.254.169.254/latest/meta-data/",
                    "http://10.0.0.1/",
                    "http://192.168.1.1/",
                    "http://172.16.0.1/",
                    "http://100.64.0.1/",
                    "http://0.0.0.0/",
                    "http://[::1]/",
                    "http://[::]/",
                    "http://[::ffff:127.0.0.1]/",
                    "http://[::ffff:a9fe:a9fe]/",
                    "http://[fe80::1]/",
                    "http://[fc00::1]/",
                    "http://[fd00::1]/",
                    "http://224.0.0.1/",
                    "http://2130706433/",
                    "http://127.1/",
                    "https://127.0.0.1:8443/")) {
                Answer refused = client.post(APPS + "/webhooks", admin, "{\"url\":\"" + url + "\"}");
                assertThat(refused.status()).as(url + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.errorCode()).as(url).isEqualTo("InvalidParameter");
                assertThat(refused.text("error"))
                        .as(url)
                        .containsAnyOf("non-public", "must be an absolute http or https URL")
                        .doesNotContain("127.0.0.1");
            }
            assertThat(client.get(APPS + "/webhooks", admin).json().values())
                    .as("nothing stored")
                    .isEmpty();
        }
        // registered while allowed; then the allow-list is gone (or the name now points inside): refused at delivery,
        // and the open receiver and the closed port look the same in what is stored
        try (KeyportTestServer server = KeyportTestServer.start(db.micronautProperties(), FAST)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            assertThat(client.post(APPS + "/webhooks", admin, "{\"url\":\"" + hookUrl() + "\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(client.post(APPS + "/webhooks", admin, "{\"url\":\"" + closedUrl + "\"}")
                            .status())
                    .isEqualTo(201);
        }
        try (KeyportTestServer server = KeyportTestServer.start(db.micronautProperties(), FAST_PUBLIC_ONLY)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            client.post(APPS + "/api_keys", admin, "{\"name\":\"probe\"}");
            List<JsonNode> attempted = awaitAttempted(client, admin, 2);
            assertThat(received).as("nothing reached the loopback receiver").isEmpty();
            for (JsonNode delivery : attempted) {
                assertThat(delivery.get("state").getStringValue()).isEqualTo("pending");
                assertThat(delivery.get("last_error").getStringValue())
                        .startsWith("refused: the receiver's address is not public");
                assertThat(delivery.get("last_status") == null
                                || delivery.get("last_status").isNull())
                        .as("no status")
                        .isTrue();
            }
            assertThat(attempted.get(0).get("last_error").getStringValue())
                    .as("an open port and a closed one are told apart by nothing")
                    .isEqualTo(attempted.get(1).get("last_error").getStringValue());
        }
    }

    /** The deliveries, once {@code count} of them have an attempt recorded. */
    private static List<JsonNode> awaitAttempted(ProtocolClient client, String admin, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<JsonNode> attempted = List.of();
        while (System.nanoTime() < deadline) {
            attempted = new java.util.ArrayList<>();
            for (JsonNode delivery :
                    client.get(APPS + "/webhooks/deliveries", admin).json().values()) {
                if (delivery.get("attempts").getIntValue() > 0) {
                    attempted.add(delivery);
                }
            }
            if (attempted.size() >= count) {
                return attempted;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + count + " deliveries attempted within 20 s: " + attempted);
    }

    /** A raw receiver that reads a request, writes {@code head}, then trickles one byte a second until closed. */
    private static java.net.ServerSocket trickler(String head, List<java.net.Socket> open) throws Exception {
        java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    java.net.Socket socket = server.accept();
                    open.add(socket);
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            byte[] buffer = new byte[8192];
                            socket.getInputStream().read(buffer); // the request (enough of it)
                            java.io.OutputStream out = socket.getOutputStream();
                            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                            while (!socket.isClosed()) {
                                Thread.sleep(1000);
                                out.write('x');
                                out.flush();
                            }
                        } catch (Exception e) {
                            // Keyport hung up
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
        return server;
    }

    @Test
    void receivers_that_trickle_cannot_hold_the_delivery_loop() throws Exception {
        List<java.net.Socket> open = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket bodyTrickler =
                        trickler("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n", open);
                java.net.ServerSocket headTrickler = trickler("HTTP/1.1 200 OK\r\nX-Slow: ", open);
                KeyportTestServer server = KeyportTestServer.start(FAST)) {
            ProtocolClient client = server.client();
            String admin = client.adminToken();
            String bodyUrl = "http://127.0.0.1:" + bodyTrickler.getLocalPort() + "/hook";
            String headUrl = "http://127.0.0.1:" + headTrickler.getLocalPort() + "/hook";
            for (String url : List.of(bodyUrl, headUrl, hookUrl())) {
                assertThat(client.post(APPS + "/webhooks", admin, "{\"url\":\"" + url + "\"}")
                                .status())
                        .isEqualTo(201);
            }
            client.post(APPS + "/api_keys", admin, "{\"name\":\"stalled\"}");
            awaitAccepted(r -> "key.created".equals(r.event()));
            List<JsonNode> attempted = awaitAttempted(client, admin, 3);
            Map<String, String> endpointUrls = new java.util.HashMap<>();
            for (JsonNode endpoint :
                    client.get(APPS + "/webhooks", admin).json().values()) {
                endpointUrls.put(
                        endpoint.get("_id").getStringValue(),
                        endpoint.get("url").getStringValue());
            }
            for (JsonNode delivery : attempted) {
                String url = endpointUrls.get(delivery.get("endpoint_id").getStringValue());
                if (url.equals(headUrl)) {
                    assertThat(delivery.get("state").getStringValue())
                            .as("its head never ended")
                            .isEqualTo("pending");
                    assertThat(delivery.get("last_error").getStringValue())
                            .startsWith("no HTTP answer within the deadline");
                } else {
                    assertThat(delivery.get("state").getStringValue())
                            .as(url + ": answered 2xx, body not read")
                            .isEqualTo("delivered");
                }
            }
        } finally {
            for (java.net.Socket socket : open) {
                socket.close();
            }
        }
    }
}
