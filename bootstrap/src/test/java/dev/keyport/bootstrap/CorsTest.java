package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CORS is off by default (browsers on other origins get no CORS headers, so they cannot read
 * answers); configured for one origin, realm-web in a browser on that origin can call the client
 * API (preflight for POST with Authorization and Content-Type), and other origins still cannot.
 */
class CorsTest {
    private static final String ORIGIN = "https://app.example.org";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> preflight(String baseUrl, String origin) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + ProtocolClient.APP + "/auth/providers/api-key/login"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> location(String baseUrl, String origin) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + ProtocolClient.APP + "/location"))
                        .header("Origin", origin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void off_by_default() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(Map.of())) {
            String base = server.client().baseUrl();
            assertThat(location(base, ORIGIN).headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(preflight(base, ORIGIN).headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        }
    }

    @Test
    void configured_origins_may_call_the_client_api_and_others_may_not() throws Exception {
        try (KeyportTestServer server = KeyportTestServer.start(Map.of(
                "micronaut.server.cors.enabled",
                "true",
                "micronaut.server.cors.configurations.web.allowed-origins",
                ORIGIN))) {
            String base = server.client().baseUrl();
            HttpResponse<String> allowed = preflight(base, ORIGIN);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(ORIGIN);
            assertThat(allowed.headers()
                            .firstValue("Access-Control-Allow-Methods")
                            .orElse(""))
                    .contains("POST");
            // Micronaut sends one header line per allowed header; browsers join them
            assertThat(String.join(",", allowed.headers().allValues("Access-Control-Allow-Headers"))
                            .toLowerCase())
                    .contains("authorization")
                    .contains("content-type");
            assertThat(location(base, ORIGIN).headers().firstValue("Access-Control-Allow-Origin"))
                    .contains(ORIGIN);

            assertThat(preflight(base, "https://evil.example.com").headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
            assertThat(location(base, "https://evil.example.com").headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        }
    }
}
