package dev.keyport.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.memory.InMemoryLoginFailures;
import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.adapter.rest.RestEdge.Answer;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.UseCases;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.audit.service.AuditTrailService;
import dev.keyport.application.introspection.service.CallerRateLimit;
import dev.keyport.application.introspection.service.IntrospectionService;
import dev.keyport.application.sessions.service.LoginThrottle;
import dev.keyport.application.webhooks.port.out.WebhookSender;
import dev.keyport.application.webhooks.service.NotifyingAuditTrail;
import dev.keyport.application.webhooks.service.WebhookService;
import dev.keyport.domain.user.Password;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
    final WebhookService webhooks;
    /** What the webhook sender was asked to post (it answers 204 to each). */
    final List<String> posted = new CopyOnWriteArrayList<>();
    private final JsonMapper json;

    private InMemoryKeyport() {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        DrivenPorts base = InMemoryStore.fresh();
        DrivenPorts ports = base.withAudit(new NotifyingAuditTrail(base.audit(), base.webhookEndpoints(),
                base.webhookOutbox(), base.transactions(), random, Duration.ofHours(1), 10_000, endpoint -> { }));
        UseCases app = UseCases.wire(ports, clock, new AdminAccountService.Settings(ADMIN_USER,
                Optional.of(Password.offered(ADMIN_PASSWORD)), Duration.ofMinutes(30)));
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(true, MAX_FAILURES, Duration.ofMinutes(1)),
                new InMemoryLoginFailures(clock), System::nanoTime);
        WebhookSender sender = (url, headers, body) -> {
            posted.add(url);
            return 204;
        };
        webhooks = new WebhookService(ports.webhookEndpoints(), ports.webhookOutbox(), sender, AesGcmSecretSealer.ephemeral(),
                ports.transactions(), clock, random, new WebhookService.Settings(Duration.ofSeconds(10), Duration.ofSeconds(30), 20));
        IntrospectionService introspection = new IntrospectionService(ports.apiKeys(), ports.keyUsage(), ports.users(),
                ports.providers(), clock, new CallerRateLimit(new CallerRateLimit.Settings(true, 60_000, Duration.ofMinutes(1)),
                System::nanoTime));
        edge = RestEdge.start(app.registration(), app.login(), app.sessions(), app.revocation(), app.userKeys(),
                app.serverKeys(), app.providers(), app.lookup(), app.admin(), new AuditTrailService(ports.audit()), throttle,
                webhooks, introspection);
        json = edge.bean(JsonMapper.class);
    }

    /** The one instance, started on first use and closed when the test JVM ends. */
    static synchronized InMemoryKeyport shared() {
        if (shared == null) {
            shared = new InMemoryKeyport();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.edge::close));
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
        return text(expect(200, send("POST", ADMIN + "/auth/providers/local-userpass/login", null,
                "{\"username\":\"" + ADMIN_USER + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}")), "access_token");
    }

    record User(String email, String id, String access, String refresh) {
    }

    /** A newly registered email/password user, logged in. */
    User user() {
        String email = unique("user") + "@example.org";
        expect(201, send("POST", APP + "/auth/providers/local-userpass/register", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}"));
        Answer login = expect(200, send("POST", APP + "/auth/providers/local-userpass/login", null,
                "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}"));
        return new User(email, text(login, "user_id"), text(login, "access_token"), text(login, "refresh_token"));
    }

    record Key(String id, String value) {
    }

    /** A new API key of {@code user}. */
    Key userKey(User user) {
        Answer created = expect(201, send("POST", CLIENT + "/auth/api_keys", user.refresh(), "{\"name\":\"" + unique("key") + "\"}"));
        return new Key(text(created, "_id"), text(created, "key"));
    }

    /** A new server API key. */
    Key serverKey(String admin) {
        Answer created = expect(201, send("POST", APPS + "/api_keys", admin, "{\"name\":\"" + unique("server") + "\"}"));
        return new Key(text(created, "_id"), text(created, "key"));
    }

}
