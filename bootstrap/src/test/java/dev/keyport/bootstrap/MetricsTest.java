package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.ProtocolClient.Login;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /prometheus}, scraped as Prometheus would: every meter docs/operations.md names is there and moves. */
class MetricsTest {

    @Test
    void the_documented_meters_are_scraped_and_count_what_happened() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(Map.of())) {
            ProtocolClient client = server.client();
            Login user = client.registerAndLogIn("metrics-" + System.nanoTime() + "@example.org");
            client.createKey(user.refreshToken(), "counted");
            assertThat(client.logInWithKey("kpk_" + "C".repeat(49)).status()).isEqualTo(401);
            assertThat(client.post(
                                    ProtocolClient.APP + "/auth/providers/local-userpass/login",
                                    null,
                                    "{\"username\":\"nobody@example.org\",\"password\":\"wrong password\"}")
                            .status())
                    .isEqualTo(401);
            assertThat(client.get(ProtocolClient.CLIENT + "/auth/profile", "not-a-token")
                            .status())
                    .isEqualTo(401);
            for (String unknown : new String[] {"/no-such-route-1", "/no-such-route-2", "/api/no/such/route"}) {
                assertThat(client.get(unknown, null).status()).isEqualTo(404);
            }
            java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            client.baseUrl() + ProtocolClient.APP + "/location?x=%00"))
                                    .header("X-Request-Id", "refused-1")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode())
                    .as("refused by the edge filter (bad percent-encoding)")
                    .isEqualTo(400);
            assertThat(refused.headers().firstValue("X-Request-Id"))
                    .as("the refusal echoes the caller's request id")
                    .contains("refused-1");

            java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.context()
                                                    .getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                                                    .getURL()
                                            + "/prometheus"))
                                    .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            String text = scrape.body();

            assertThat(value(text, "keyport_logins_total{outcome=\"success\",provider=\"local-userpass\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "keyport_logins_total{outcome=\"refused\",provider=\"local-userpass\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "keyport_logins_total{outcome=\"refused\",provider=\"api-key\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "keyport_refusals_total{reason=\"AuthError\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "keyport_refusals_total{reason=\"InvalidPassword\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "keyport_refusals_total{reason=\"InvalidSession\"}"))
                    .isEqualTo(1);
            assertThat(value(text, "keyport_api_keys{kind=\"user\"}")).isEqualTo(1);
            assertThat(value(text, "keyport_api_keys{kind=\"server\"}")).isZero();
            assertThat(text)
                    .contains(
                            "keyport_batch_pending{writer=\"last-used\"}",
                            "keyport_batch_pending{writer=\"audit\"}",
                            "keyport_batch_failed_flushes_total{writer=\"audit\"}",
                            "keyport_audit_dropped_total",
                            "http_server_requests_seconds_count{",
                            "uri=\"/api/client/v2.0/app/{app}/auth/providers/{provider}/login\"",
                            "jvm_memory_used_bytes");
            assertThat(text).containsPattern("(hikaricp|jdbc)_connections_(active|usage)");
            // the HTTP timers (RequestObserver): Micronaut's binder's tags, every value from a fixed set
            assertThat(value(
                            text,
                            "http_server_requests_seconds_count{exception=\"NotFoundException\",method=\"GET\","
                                    + "status=\"404\",uri=\"NOT_FOUND\"}"))
                    .as("paths no route answers share one series: a client cannot make new ones")
                    .isEqualTo(3);
            assertThat(text)
                    .doesNotContain("no-such-route", "/api/no/such")
                    .containsPattern("http_server_requests_seconds_count\\{exception=\"[A-Za-z]+\",method=\"POST\","
                            + "status=\"401\",uri=\"/api/client/v2.0/app/\\{app}/auth/providers/\\{provider}/login\"}");
            assertThat(value(
                            text,
                            "http_server_requests_seconds_sum{exception=\"none\",method=\"POST\",status=\"200\","
                                    + "uri=\"/api/client/v2.0/app/{app}/auth/providers/{provider}/login\"}"))
                    .as("a password login's time is recorded")
                    .isGreaterThan(0);
            assertThat(value(text, "keyport_refusals_total{reason=\"InvalidParameter\"}"))
                    .as("a refusal by a filter is counted too")
                    .isEqualTo(1);
            assertThat(value(
                            text,
                            "http_server_requests_seconds_count{exception=\"none\",method=\"GET\",status=\"400\","
                                    + "uri=\"/api/client/v2.0/app/{app}/location\"}"))
                    .as("and timed once, under the route it was sent to")
                    .isEqualTo(1);
            assertThat(text).as("no secret or token in the metrics").doesNotContain(user.refreshToken(), "kpk_");
            assertThat(text)
                    .as("latency histograms are off by default (docs/performance.md)")
                    .doesNotContain("http_server_requests_seconds_bucket{");
        }
    }

    /** The operators' switches of issue 25: histograms back on, and the request log (and its id) off. */
    @Test
    void histograms_can_be_turned_on_and_the_request_log_off() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(Map.of(
                "micronaut.metrics.binders.web.server.histogram", "true", "keyport.request-log.enabled", "false"))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = server.context()
                    .getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                    .getURL()
                    .toString();
            java.net.http.HttpResponse<String> location = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + ProtocolClient.APP + "/location"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(location.statusCode()).isEqualTo(200);
            assertThat(location.headers().firstValue("X-Request-Id"))
                    .as("no request log, no request id")
                    .isEmpty();
            String text = http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/prometheus"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(text).contains("http_server_requests_seconds_bucket{");
        }
    }

    /** Metrics off altogether: the requests still answer (Keyport's own meters record into nothing). */
    @Test
    void with_metrics_off_requests_still_answer() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(Map.of("micronaut.metrics.enabled", "false"))) {
            ProtocolClient client = server.client();
            Login user = client.registerAndLogIn("no-metrics-" + System.nanoTime() + "@example.org");
            assertThat(client.logInWithKey("kpk_" + "C".repeat(49)).status()).isEqualTo(401);
            assertThat(user.refreshToken()).isNotBlank();
            java.net.http.HttpResponse<String> location = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.context()
                                                    .getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                                                    .getURL()
                                            + ProtocolClient.APP
                                            + "/location"))
                                    .header("X-Request-Id", "metrics-off-1")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(location.headers().firstValue("X-Request-Id"))
                    .as("the request log does not need metrics")
                    .contains("metrics-off-1");
        }
    }

    private static double value(String exposition, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(exposition);
        assertThat(line.find())
                .as(series + " in\n"
                        + exposition
                                .lines()
                                .filter(l -> l.startsWith("keyport"))
                                .reduce("", (a, b) -> a + b + "\n"))
                .isTrue();
        return Double.parseDouble(line.group(1));
    }
}
