package dev.keyport.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.keyport.adapter.rest.RestEdge.Answer;
import dev.keyport.application.UseCases;
import dev.keyport.application.webhooks.port.in.DeliverWebhooks;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The REST adapter over every real service on the in-memory store, started once for all the fast route
 * tests (a Micronaut context per test class would cost a second each). Tests share it, so each makes its
 * own users, keys and endpoints, and a request comes from an address of its own unless the test names one
 * (the login throttle allows {@value #MAX_FAILURES} failures per address or account).
 */
final class InMemoryKeyport {
    static final String APP = "/api/client/v2.0/app/keyport";
    static final String CLIENT = "/api/client/v2.0";
    static final String ADMIN = "/api/admin/v3.0";
    static final String APPS = ADMIN + "/apps/keyport";
    static final String ADMIN_USER = "root";
    static final String ADMIN_PASSWORD = "admin-pw";
    static final int MAX_FAILURES = 3;

    private static InMemoryKeyport shared;
    private static final AtomicLong NAMES = new AtomicLong();

    final RestEdge edge;
    final DeliverWebhooks webhooks;
    /** The paths webhooks were posted to, by the real sender, on a receiver of this test's own (it answers 204). */
    final List<String> posted = new CopyOnWriteArrayList<>();

    private final HttpServer receiver;
    private final JsonMapper json;

    private InMemoryKeyport() {
        try {
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.createContext("/", exchange -> {
            posted.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        // Keyport as production composes it (Composition.compose), on the in-memory store; webhooks may go to
        // this machine's loopback (where the receiver listens) and are delivered when a test asks, not by the schedule
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", "-1");
        properties.put("keyport.store", "memory");
        properties.put("datasources.default.enabled", "false");
        properties.put("flyway.datasources.default.enabled", "false");
        properties.put("keyport.admin.username", ADMIN_USER);
        properties.put("keyport.admin.password", ADMIN_PASSWORD);
        properties.put("keyport.login-throttle.max-failures", String.valueOf(MAX_FAILURES));
        properties.put("keyport.login-throttle.client-address-header", "X-Forwarded-For");
        properties.put("keyport.password.argon2.memory-kib", "64");
        properties.put("keyport.password.argon2.iterations", "1");
        properties.put("keyport.webhooks.allowed-networks", "127.0.0.0/8");
        properties.put("keyport.webhooks.poll-interval", "1h");
        ApplicationContext context =
                ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        edge = RestEdge.over(context);
        webhooks = context.getBean(UseCases.class).webhooks();
        json = edge.bean(JsonMapper.class);
    }

    /** A URL on this test's webhook receiver. */
    String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + path;
    }

    /** The one instance, started on first use and closed when the test JVM ends. */
    static synchronized InMemoryKeyport shared() {
        if (shared == null) {
            shared = new InMemoryKeyport();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.edge.close();
                shared.receiver.stop(0);
            }));
        }
        return shared;
    }

    /** A name no other test has used: {@code prefix-<n>}. */
    static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    Answer send(String method, String path, String bearer, String body, String... headerPairs) {
        return edge.send(method, path, bearer, body, headerPairs);
    }

    JsonNode parse(Answer answer) {
        try {
            return json.readValue(answer.body(), JsonNode.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer, e);
        }
    }

    String text(Answer answer, String field) {
        JsonNode value = parse(answer).get(field);
        assertThat(value).as(field + " in " + answer.body()).isNotNull();
        return value.isNull() ? null : value.getStringValue();
    }

    /** The status, and JSON whenever there is a body. */
    static Answer expect(int status, Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (!answer.body().isEmpty()) {
            assertThat(answer.contentType()).isEqualTo("application/json");
        }
        return answer;
    }

    /** The error code of a refusal in the protocol's format. */
    String refusal(int status, Answer answer) {
        return text(expect(status, answer), "error_code");
    }

    /** A fresh admin access token. */
    String admin() {
        return text(
                expect(
                        200,
                        send(
                                "POST",
                                ADMIN + "/auth/providers/local-userpass/login",
                                null,
                                "{\"username\":\"" + ADMIN_USER + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}")),
                "access_token");
    }

    record User(String email, String id, String access, String refresh) {}

    /** A newly registered email/password user, logged in. */
    User user() {
        String email = unique("user") + "@example.org";
        expect(
                201,
                send(
                        "POST",
                        APP + "/auth/providers/local-userpass/register",
                        null,
                        "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}"));
        Answer login = expect(
                200,
                send(
                        "POST",
                        APP + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}"));
        return new User(email, text(login, "user_id"), text(login, "access_token"), text(login, "refresh_token"));
    }

    /** The status of a login with this key value. */
    int keyLogin(String value) {
        return send("POST", APP + "/auth/providers/api-key/login", null, "{\"key\":\"" + value + "\"}")
                .status();
    }

    record Key(String id, String value) {}

    /** A new API key of {@code user}. */
    Key userKey(User user) {
        Answer created = expect(
                201, send("POST", CLIENT + "/auth/api_keys", user.refresh(), "{\"name\":\"" + unique("key") + "\"}"));
        return new Key(text(created, "_id"), text(created, "key"));
    }

    /** A new server API key. */
    Key serverKey(String admin) {
        Answer created =
                expect(201, send("POST", APPS + "/api_keys", admin, "{\"name\":\"" + unique("server") + "\"}"));
        return new Key(text(created, "_id"), text(created, "key"));
    }
}
