package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A flood of password logins (unknown email, the throttle off, the production Argon2id cost) against one hashing
 * thread with a queue of two: the flood gets fast 503s with Retry-After once the hashing pool is full,
 * never a 500 and never a hang, and key logins, which hash no password, keep being answered throughout.
 * (How fast they stay is measured by the benchmark's flood scenario, not asserted here.)
 */
class PasswordFloodTest {
    private static final int FLOODERS = 16;
    private static final Duration FLOOD = Duration.ofSeconds(4);

    @Test
    void a_password_flood_is_refused_fast_with_503_and_key_logins_keep_working() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(Map.of(
                "keyport.password.argon2.memory-kib", "19456",
                "keyport.password.argon2.iterations", "2",
                "keyport.password.hashing-threads", "1",
                "keyport.password.hashing-queue", "2"))) {
            ProtocolClient client = server.client();
            String key = client.createKey(
                            client.registerAndLogIn("flood-owner@example.org").refreshToken(), "device")
                    .text("key");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest wrongPassword = HttpRequest.newBuilder(
                            URI.create(client.baseUrl() + ProtocolClient.APP + "/auth/providers/local-userpass/login"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"nobody@example.org\",\"password\":\"guess\"}"))
                    .build();

            ConcurrentLinkedQueue<HttpResponse<String>> floodAnswers = new ConcurrentLinkedQueue<>();
            long end = System.nanoTime() + FLOOD.toNanos();
            List<Future<?>> flooders = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(FLOODERS);
            try {
                for (int i = 0; i < FLOODERS; i++) {
                    flooders.add(pool.submit(() -> {
                        for (int n = 0; n < 500 && System.nanoTime() < end; n++) {
                            floodAnswers.add(http.send(wrongPassword, HttpResponse.BodyHandlers.ofString()));
                        }
                        return null;
                    }));
                }
                List<Integer> keyLogins = new ArrayList<>();
                while (System.nanoTime() < end && keyLogins.size() < 200) {
                    keyLogins.add(client.logInWithKey(key).status());
                }
                for (Future<?> flooder : flooders) {
                    flooder.get();
                }
                assertThat(keyLogins)
                        .as("key logins during the flood")
                        .isNotEmpty()
                        .containsOnly(200);
            } finally {
                pool.shutdownNow();
            }

            List<HttpResponse<String>> busy =
                    floodAnswers.stream().filter(r -> r.statusCode() == 503).toList();
            assertThat(floodAnswers)
                    .extracting(HttpResponse::statusCode)
                    .as("only refusals, no 500")
                    .containsOnly(401, 503);
            assertThat(busy).as("the full hashing pool refuses at once").isNotEmpty();
            assertThat(busy.getFirst().headers().firstValue("Retry-After")).contains("1");
            assertThat(busy.getFirst().body()).contains("\"error_code\":\"ServiceUnavailable\"");
            assertThat(floodAnswers.stream().filter(r -> r.statusCode() == 401).count())
                    .as("the checks the pool took were answered as usual")
                    .isPositive();
        }
    }
}
