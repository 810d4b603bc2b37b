package dev.keyport.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.id.ApiKeyId;
import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The usage writer keeps what it could not write: PostgreSQL is stopped before a flush, the flush
 * fails, PostgreSQL comes back on the same data, and the next flush writes the use noted before
 * the outage, not the older one noted (as a late report from a slow request) during it. Uses a PostgreSQL of its own, since it stops it.
 */
class BatchedApiKeyUsageFaultTest {
    private static final String KEY = "0123456789abcdef01234567";

    @Test
    void a_flush_that_fails_while_postgresql_is_down_is_written_by_the_next_flush() throws Exception {
        Path data = Files.createTempDirectory("keyport-usage-fault-pg-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = start(data, port);
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE keyport");
        }
        Instant before = Instant.parse("2026-11-23T10:00:00Z");
        Instant olderNotedDuringTheOutage = before.minus(1, ChronoUnit.MINUTES);
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                        "datasources.default.url",
                        "jdbc:postgresql://localhost:" + port + "/keyport",
                        "datasources.default.username",
                        "postgres",
                        "datasources.default.password",
                        "postgres",
                        "datasources.default.connection-timeout",
                        "1000",
                        "flyway.datasources.default.enabled",
                        true));
                PostgresStore store = PostgresAdapters.open(context, PostgresAdapters.SETTINGS)) {
            Database db = store.database();
            db.withConnection(connection -> {
                try (Statement insert = connection.createStatement()) {
                    insert.execute(
                            "INSERT INTO users (id, type, created_at) VALUES ('aaaaaaaaaaaaaaaaaaaaaaaa', 'normal', now())");
                    insert.execute("INSERT INTO api_keys (id, owner_id, name, key_digest, created_at) VALUES ('" + KEY
                            + "', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'k', '" + "0".repeat(64) + "', now())");
                }
                return null;
            });
            BatchedApiKeyUsage usage = store.usage();
            usage.recordUse(new ApiKeyId(KEY), before);

            postgres.close();
            assertThatThrownBy(usage::flush)
                    .as("the flush fails while PostgreSQL is down")
                    .isInstanceOf(RuntimeException.class);
            usage.recordUse(new ApiKeyId(KEY), olderNotedDuringTheOutage);

            postgres = start(data, port);
            assertThat(flushUntilWritten(usage))
                    .as("the kept batch is written once PostgreSQL is back")
                    .isEqualTo(1);
            Timestamp written = db.withConnection(connection -> {
                try (var query = connection.prepareStatement("SELECT last_used_at FROM api_keys WHERE id = ?")) {
                    query.setString(1, KEY);
                    try (var row = query.executeQuery()) {
                        row.next();
                        return row.getTimestamp(1);
                    }
                }
            });
            assertThat(written.toInstant())
                    .as("the newest use, kept through the failed flush")
                    .isEqualTo(before);
            assertThat(usage.flush()).as("nothing left over").isZero();
        } finally {
            postgres.close();
        }
    }

    /**
     * Flushes as the periodic writer does, until a flush gets through: right after the restart a
     * pooled connection may still be the one the shutdown killed, and that flush fails (and keeps
     * its batch) too.
     */
    private static int flushUntilWritten(BatchedApiKeyUsage usage) throws InterruptedException {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return usage.flush();
            } catch (RuntimeException stillFailing) {
                last = stillFailing;
                Thread.sleep(250);
            }
        }
        throw new AssertionError("no flush got through after the restart", last);
    }

    private static EmbeddedPostgres start(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }
}
