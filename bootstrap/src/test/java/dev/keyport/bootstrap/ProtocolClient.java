package dev.keyport.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** A raw HTTP client for the protocol tests: every status, header and body is visible to assertions. */
final class ProtocolClient {
    static final String APP = "/api/client/v2.0/app/keyport";
    static final String CLIENT = "/api/client/v2.0";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    ProtocolClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** A response, with its body parsed when it is JSON. */
    record Answer(int status, Optional<String> contentType, String body) {
        JsonNode json() {
            return parse(body);
        }

        String text(String field) {
            JsonNode node = json().get(field);
            return node == null ? null : node.isString() ? node.getStringValue() : node.toString();
        }

        String errorCode() {
            return text("error_code");
        }
    }

    Answer send(String method, String path, String bearer, String body) {
        return send(method, path, bearer, body, "application/json");
    }

    Answer send(String method, String path, String bearer, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path, String bearer) {
        return send("GET", path, bearer, null);
    }

    Answer post(String path, String bearer, String body) {
        return send("POST", path, bearer, body);
    }

    Answer put(String path, String bearer) {
        return send("PUT", path, bearer, null);
    }

    Answer delete(String path, String bearer) {
        return send("DELETE", path, bearer, null);
    }

    // --- the steps most tests need ---

    /** A logged-in email/password user: the login answer's tokens and ids. */
    record Login(String accessToken, String refreshToken, String userId, String deviceId) {}

    Login registerAndLogIn(String email) {
        Answer registered = post(
                APP + "/auth/providers/local-userpass/register",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}");
        if (registered.status() != 201) {
            throw new AssertionError("register failed: " + registered);
        }
        return logIn("local-userpass", "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}");
    }

    Login logIn(String provider, String body) {
        Answer answer = post(APP + "/auth/providers/" + provider + "/login", null, body);
        if (answer.status() != 200) {
            throw new AssertionError("login failed: " + answer);
        }
        return new Login(
                answer.text("access_token"),
                answer.text("refresh_token"),
                answer.text("user_id"),
                answer.text("device_id"));
    }

    /** An admin access token for the root/admin-secret account the tests configure. */
    String adminToken() {
        Answer answer = post(
                "/api/admin/v3.0/auth/providers/local-userpass/login",
                null,
                "{\"username\":\"root\",\"password\":\"admin-secret\"}");
        if (answer.status() != 200) {
            throw new AssertionError("admin login failed: " + answer);
        }
        return answer.text("access_token");
    }

    Answer logInWithKey(String key) {
        return post(APP + "/auth/providers/api-key/login", null, "{\"key\":\"" + key + "\"}");
    }

    /** Creates a key; returns the create answer (with {@code _id} and {@code key}). */
    Answer createKey(String refreshToken, String name) {
        return post(CLIENT + "/auth/api_keys", refreshToken, "{\"name\":\"" + name + "\"}");
    }
}
