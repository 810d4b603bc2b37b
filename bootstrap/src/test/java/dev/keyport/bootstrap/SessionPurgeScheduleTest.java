package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wired schedule deletes sessions once they have expired, and only those. */
class SessionPurgeScheduleTest {

    private static long sessionRows(TestDatabase.Coordinates db) throws Exception {
        return db.count("SELECT count(*) FROM sessions");
    }

    @Test
    void expired_sessions_are_deleted_by_the_schedule() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        try (KeyportTestServer server = KeyportTestServer.start(
                db.micronautProperties(),
                Map.of(
                        "keyport.session.refresh-token-lifetime", "2s",
                        "keyport.session.purge-interval", "300ms",
                        "keyport.session.purge-initial-delay", "300ms"))) {
            ProtocolClient client = server.client();
            client.registerAndLogIn("purge@example.org");
            client.post(ProtocolClient.APP + "/auth/providers/anon-user/login", null, "{}");
            assertThat(sessionRows(db)).isEqualTo(2);
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (sessionRows(db) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(sessionRows(db)).as("expired sessions deleted").isZero();
            assertThat(client.registerAndLogIn("fresh@example.org").refreshToken())
                    .isNotBlank();
            assertThat(sessionRows(db)).as("a live session is kept").isEqualTo(1);
        }
    }
}
