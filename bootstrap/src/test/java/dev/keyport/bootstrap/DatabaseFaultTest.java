package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under load: requests fail fast with 503 and a JSON error, /health says DOWN,
 * no connection leaks; PostgreSQL started again: Keyport serves again without a restart. Runs on a
 * PostgreSQL of its own (fixed port and data directory), since it stops and starts it.
 */
class DatabaseFaultTest {
    private static final long CONNECTION_TIMEOUT_MS = 2000;

    private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    @Test
    void requests_fail_fast_with_503_while_the_database_is_down_and_succeed_again_after() throws Exception {
        Path data = Files.createTempDirectory("keyport-fault-pg-");
        int port = KeyportProcess.freePort();
        EmbeddedPostgres postgres = startPostgres(data, port);
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE keyport");
        }
        Map<String, Object> db = Map.of(
                "datasources.default.url",
                "jdbc:postgresql://localhost:" + port + "/keyport",
                "datasources.default.username",
                "postgres",
                "datasources.default.password",
                "postgres",
                "flyway.datasources.default.enabled",
                true);
        try (KeyportTestServer server = KeyportTestServer.start(
                db, Map.of("datasources.default.connection-timeout", Long.toString(CONNECTION_TIMEOUT_MS)))) {
            ProtocolClient client = server.client();
            Login user = client.registerAndLogIn("fault@example.org");
            String key = client.createKey(user.refreshToken(), "device").text("key");
            assertThat(client.get("/health", null).status()).isEqualTo(200);
            int threadsBefore = Thread.activeCount();

            ExecutorService load = Executors.newFixedThreadPool(8);
            try {
                postgres.close(); // stop PostgreSQL under load
                List<Future<Timed>> calls = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    calls.add(load.submit(() -> timed(() -> switch (n % 4) {
                        case 0 -> client.logInWithKey(key);
                        case 1 -> client.get(ProtocolClient.CLIENT + "/auth/api_keys", user.refreshToken());
                        case 2 -> client.createKey(user.refreshToken(), "while-down-" + n);
                        default -> client.post(ProtocolClient.APP + "/auth/providers/anon-user/login", null, "{}");
                    })));
                }
                for (Future<Timed> call : calls) {
                    Timed result = call.get();
                    assertThat(result.answer().status())
                            .as(result.answer().body())
                            .isEqualTo(503);
                    assertThat(result.answer().errorCode()).isEqualTo("ServiceUnavailable");
                    assertThat(result.answer().contentType()).contains("application/json");
                    assertThat(result.millis())
                            .as("fails within the pool's connection timeout (plus queueing)")
                            .isLessThan(CONNECTION_TIMEOUT_MS * 4);
                }
                Timed single = timed(() -> client.logInWithKey(key));
                assertThat(single.answer().status()).isEqualTo(503);
                assertThat(single.millis()).isLessThan(CONNECTION_TIMEOUT_MS + 1500);
                Answer health = client.get("/health", null);
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.body()).contains("DOWN");
            } finally {
                load.shutdownNow();
            }

            postgres = startPostgres(data, port); // and back
            Answer login = awaitStatus(() -> client.logInWithKey(key), 200);
            assertThat(login.text("refresh_token")).isNotBlank();
            assertThat(client.get(ProtocolClient.CLIENT + "/auth/api_keys", user.refreshToken())
                            .json()
                            .size())
                    .as("nothing was created while the database was down")
                    .isEqualTo(1);
            assertThat(awaitStatus(() -> client.get("/health", null), 200).body())
                    .contains("UP");

            HikariDataSource pool =
                    ((DataSource) server.context().getBean(DataSource.class)).unwrap(HikariDataSource.class);
            // a leaked connection stays active for good; one a background job (a batch flush, the webhook poll) holds
            // at this instant is back within moments
            long settle = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (pool.getHikariPoolMXBean().getActiveConnections() > 0 && System.nanoTime() < settle) {
                Thread.sleep(50);
            }
            assertThat(pool.getHikariPoolMXBean().getActiveConnections())
                    .as("connections leaked")
                    .isZero();
            assertThat(Thread.activeCount()).as("platform threads leaked").isLessThan(threadsBefore + 10);
        } finally {
            postgres.close();
        }
    }

    record Timed(Answer answer, long millis) {}

    private static Timed timed(java.util.function.Supplier<Answer> call) {
        long start = System.nanoTime();
        Answer answer = call.get();
        return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
    }

    private static Answer awaitStatus(java.util.function.Supplier<Answer> call, int status)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Answer answer = call.get();
        while (answer.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            answer = call.get();
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer;
    }
}
