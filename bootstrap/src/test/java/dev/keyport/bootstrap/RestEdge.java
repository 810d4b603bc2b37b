package dev.keyport.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * Keyport as production composes it ({@link Composition#compose}), on the in-memory store
 * ({@code KEYPORT_STORE=memory}) and a random port: the fast way to test a route from HTTP to the use case and
 * back, with no database.
 */
final class RestEdge implements AutoCloseable {
    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private RestEdge(ApplicationContext context) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class);
    }

    static RestEdge inMemory(Map<String, String> overrides) {
        Map<String, Object> properties = new HashMap<>(KeyportTestServer.testProperties(Map.of()));
        properties.putAll(Keyport.NO_DATABASE);
        properties.put("keyport.store", "memory");
        properties.putAll(overrides);
        return new RestEdge(
                ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext());
    }

    record Answer(int status, String contentType, String body) {}

    Answer send(String method, String path, String bearer, String body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
