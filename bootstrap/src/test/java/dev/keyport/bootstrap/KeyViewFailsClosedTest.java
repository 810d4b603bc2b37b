package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyport.adapter.persistence.PostgresStore;
import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Issue 23, "revocation fails closed" (ADR 0016): an instance answers key logins and refreshes from
 * its view only while it has proof that change notifications arrive. Instance {@code direct} talks to
 * PostgreSQL directly; instance {@code pooled} goes through a real PgBouncer in transaction pooling
 * mode, where LISTEN means nothing. A key disabled on one is refused on the other within the bound;
 * changes that bypass the triggers are refused within the bound too; and the direct instance still
 * answers from memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyViewFailsClosedTest {
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(1);
    private static final String SESSION = ProtocolClient.CLIENT + "/auth/session";
    private static final String KEYS = ProtocolClient.CLIENT + "/auth/api_keys";

    private TestDatabase.Coordinates db;
    private PgBouncer bouncer;
    private KeyportTestServer direct;
    private KeyportTestServer pooled;
    private final ListAppender<ILoggingEvent> viewLog = new ListAppender<>();
    private Logger viewLogger;

    @BeforeAll
    void start() {
        viewLogger = (Logger) LoggerFactory.getLogger("dev.keyport.adapter.persistence.KeyStateView");
        viewLog.start();
        viewLogger.addAppender(viewLog);
        db = TestDatabase.freshDatabase();
        direct = KeyportTestServer.start(db.micronautProperties(), Map.of());
        bouncer = PgBouncer.inFrontOf(db);
        pooled = KeyportTestServer.start(bouncer.micronautProperties(db), Map.of());
    }

    @AfterAll
    void stop() {
        viewLogger.detachAppender(viewLog);
        if (pooled != null) {
            pooled.close();
        }
        if (bouncer != null) {
            bouncer.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    private record Owner(Login user, String keyId, String key) {}

    private static Owner ownerWithKey(ProtocolClient client) {
        Login user = client.registerAndLogIn("owner-" + System.nanoTime() + "@example.org");
        Answer created = client.createKey(user.refreshToken(), "key-" + System.nanoTime());
        assertThat(created.status()).isEqualTo(201);
        return new Owner(user, created.text("_id"), created.text("key"));
    }

    private static Login keyLogin(ProtocolClient client, String key) {
        return client.logIn("api-key", "{\"key\":\"" + key + "\"}");
    }

    private static int refresh(ProtocolClient client, Login session) {
        return client.post(SESSION, session.refreshToken(), null).status();
    }

    /** Asks until answered 401 and returns how long that took; fails past the bound. */
    private static Duration refusedWithinBound(String what, IntSupplier status) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + REVOCATION_BOUND.toNanos() * 3; // look longer, to report the real delay
        while (System.nanoTime() < deadline) {
            if (status.getAsInt() == 401) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("measured: %s refused after %d ms%n", what, took.toMillis());
                assertThat(took).as(what + " refused within the bound").isLessThan(REVOCATION_BOUND);
                return took;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(what + " still accepted " + REVOCATION_BOUND.multipliedBy(3) + " later");
    }

    private static PostgresStore.KeyViewStatus view(KeyportTestServer server) {
        return server.context().getBean(PostgresStore.class).keyView();
    }

    private static void awaitInStep(KeyportTestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!view(server).inStep()) {
            assertThat(System.nanoTime())
                    .as("the direct instance's view gets in step")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Statements run in one transaction, committed, as an operator (or a restore) would run them. */
    private void operator(String... statements) throws Exception {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        }
    }

    private static double scraped(KeyportTestServer server, String series) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.client().baseUrl() + "/prometheus"))
                                .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(text);
        assertThat(line.find()).as(series + " scraped").isTrue();
        return Double.parseDouble(line.group(1));
    }

    // --- (a) behind a transaction pooler ----------------------------------------------------------

    @Test
    void behind_a_transaction_pooler_a_key_disabled_elsewhere_is_refused_within_the_bound() throws Exception {
        ProtocolClient here = direct.client();
        ProtocolClient there = pooled.client();
        Owner owner = ownerWithKey(here);
        Login viaPooler = keyLogin(there, owner.key());
        for (int i = 0; i < 5; i++) { // what a view would cache
            assertThat(there.logInWithKey(owner.key()).status()).isEqualTo(200);
            assertThat(refresh(there, viaPooler)).isEqualTo(201);
        }
        Thread.sleep(500); // heartbeats a view would take as proof (SELECT 1 worked through the pooler)

        assertThat(here.put(
                                KEYS + "/" + owner.keyId() + "/disable",
                                owner.user().refreshToken())
                        .status())
                .isEqualTo(204);
        refusedWithinBound(
                "behind the pooler: the key's login",
                () -> there.logInWithKey(owner.key()).status());
        refusedWithinBound("behind the pooler: the key session's refresh", () -> refresh(there, viaPooler));

        assertThat(view(pooled).inStep())
                .as("the pooled instance's view is not in step")
                .isFalse();
        assertThat(view(pooled).answeredFromView())
                .as("nothing answered from a view without proof")
                .isZero();
        assertThat(scraped(pooled, "keyport_key_view_in_step")).isZero();
        assertThat(scraped(direct, "keyport_key_view_in_step")).isEqualTo(1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (viewLog.list.stream()
                        .noneMatch(e -> e.getLevel() == Level.ERROR
                                && e.getFormattedMessage().contains("pool_mode=transaction"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(List.copyOf(viewLog.list))
                .as("the pooled instance says why, once, naming the setting")
                .filteredOn(e ->
                        e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("not in step"))
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("KEYPORT_KEY_VIEW_URL"));
    }

    @Test
    void behind_a_transaction_pooler_with_the_view_pointed_at_postgresql_the_view_works() throws Exception {
        Map<String, Object> properties = new HashMap<>(bouncer.micronautProperties(db));
        try (KeyportTestServer advised =
                KeyportTestServer.start(properties, Map.of("keyport.key-view.url", db.url()))) {
            awaitInStep(advised);
            ProtocolClient there = advised.client();
            Owner owner = ownerWithKey(direct.client());
            Login session = keyLogin(there, owner.key());
            assertThat(refresh(there, session)).isEqualTo(201);
            assertThat(refresh(there, session)).isEqualTo(201);
            assertThat(view(advised).answeredFromView())
                    .as("answered from memory")
                    .isPositive();

            assertThat(direct.client()
                            .put(
                                    KEYS + "/" + owner.keyId() + "/disable",
                                    owner.user().refreshToken())
                            .status())
                    .isEqualTo(204);
            refusedWithinBound(
                    "view URL direct, pool behind the pooler: the key's login",
                    () -> there.logInWithKey(owner.key()).status());
            refusedWithinBound("the key session's refresh", () -> refresh(there, session));
        }
    }

    // --- (b) changes that bypass the triggers ---------------------------------------------------------

    /** A key logged in and refreshed on the direct instance, so that its view holds it. */
    private Owner heldInTheView(ProtocolClient client) throws Exception {
        awaitInStep(direct);
        Owner owner = ownerWithKey(client);
        long before = view(direct).answeredFromView();
        Login session = keyLogin(client, owner.key());
        assertThat(refresh(client, session)).isEqualTo(201);
        assertThat(client.logInWithKey(owner.key()).status()).isEqualTo(200);
        assertThat(view(direct).answeredFromView())
                .as("the key is held in the view")
                .isGreaterThan(before);
        return owner;
    }

    private static final String DISABLE =
            "UPDATE api_keys SET disabled = true, session_generation = session_generation + 1 WHERE id = '%s'";

    @Test
    void a_disable_made_under_session_replication_role_replica_is_refused_within_the_bound() throws Exception {
        ProtocolClient client = direct.client();
        Owner owner = heldInTheView(client);
        Login session = keyLogin(client, owner.key());
        operator("SET LOCAL session_replication_role = replica", DISABLE.formatted(owner.keyId()));
        refusedWithinBound(
                "replica role: the key's login",
                () -> client.logInWithKey(owner.key()).status());
        refusedWithinBound("the key session's refresh", () -> refresh(client, session));
    }

    @Test
    void a_disable_made_between_disable_trigger_all_and_enable_trigger_all_is_refused_within_the_bound()
            throws Exception {
        ProtocolClient client = direct.client();
        Owner owner = heldInTheView(client);
        Login session = keyLogin(client, owner.key());
        // one transaction that leaves the triggers exactly as they were
        operator(TestDatabase.behindTheTriggers("api_keys", DISABLE.formatted(owner.keyId())));
        refusedWithinBound(
                "triggers disabled: the key's login",
                () -> client.logInWithKey(owner.key()).status());
        refusedWithinBound("the key session's refresh", () -> refresh(client, session));
    }

    @Test
    void an_sql_edit_of_the_expiry_into_the_past_is_refused_within_the_bound() throws Exception {
        ProtocolClient client = direct.client();
        Owner owner = heldInTheView(client);
        Login session = keyLogin(client, owner.key());
        operator("UPDATE api_keys SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 second' "
                + "WHERE id = '" + owner.keyId() + "'");
        refusedWithinBound(
                "expires_at edited: the key's login",
                () -> client.logInWithKey(owner.key()).status());
        refusedWithinBound("the key session's refresh", () -> refresh(client, session));
    }

    // --- (c) the fast path is still there ----------------------------------------------------------

    @Test
    void connected_directly_key_logins_and_refreshes_are_answered_from_the_view() throws Exception {
        ProtocolClient client = direct.client();
        Owner owner = heldInTheView(client);
        Login session = keyLogin(client, owner.key());
        PostgresStore.KeyViewStatus before = view(direct);
        double scrapedBefore = scraped(direct, "keyport_key_view_lookups_total{answered=\"view\"}");
        for (int i = 0; i < 20; i++) {
            assertThat(client.logInWithKey(owner.key()).status()).isEqualTo(200);
            assertThat(refresh(client, session)).isEqualTo(201);
        }
        PostgresStore.KeyViewStatus after = view(direct);
        assertThat(after.answeredFromView() - before.answeredFromView())
                .as("lookups answered from memory")
                .isGreaterThanOrEqualTo(40);
        assertThat(after.askedDatabase() - before.askedDatabase())
                .as("lookups passed to the database")
                .isLessThanOrEqualTo(2);
        assertThat(scraped(direct, "keyport_key_view_lookups_total{answered=\"view\"}") - scrapedBefore)
                .isGreaterThanOrEqualTo(40);
    }
}
