package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.TestDatabase;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Keyport instances on one PostgreSQL, as when scaling out behind a load balancer: concurrent
 * requests split across both keep every rule, because the rules are held by the database (row locks,
 * constraints), not by either instance's memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesRaceTest {
    private static final String KEYS = ProtocolClient.CLIENT + "/auth/api_keys";
    private KeyportTestServer first;
    private KeyportTestServer second;
    private List<ProtocolClient> clients;

    @BeforeAll
    void start() {
        TestDatabase.Coordinates db = TestDatabase.freshDatabase();
        Map<String, String> settings = Map.of(); // no configured JWT key: both must use the one stored in the database
        first = KeyportTestServer.start(db.micronautProperties(), settings);
        second = KeyportTestServer.start(db.micronautProperties(), settings);
        clients = List.of(first.client(), second.client());
    }

    @AfterAll
    void stop() {
        second.close();
        first.close();
    }

    /** Runs the calls at once (released together), the i-th through instance i % 2. */
    private List<Answer> race(int count, java.util.function.BiFunction<ProtocolClient, Integer, Answer> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                Callable<Answer> task = () -> {
                    go.await();
                    return call.apply(clients.get(n % 2), n);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Integer> byStatus(List<Answer> answers) {
        Map<Integer, Integer> counts = new HashMap<>();
        answers.forEach(answer -> counts.merge(answer.status(), 1, Integer::sum));
        return counts;
    }

    @RepeatedTest(3)
    void fifty_creations_across_two_instances_leave_exactly_twenty_keys() throws Exception {
        Login user = clients.get(0).registerAndLogIn(KeyportServerTest.uniqueEmail());
        List<Answer> answers = race(50, (client, n) -> client.createKey(user.refreshToken(), "key-" + n));
        assertThat(byStatus(answers)).as(answers.toString()).isEqualTo(Map.of(201, 20, 409, 30));
        assertThat(answers.stream().filter(a -> a.status() == 409).map(Answer::errorCode))
                .containsOnly("APIKeyLimitReached");
        for (ProtocolClient client : clients) {
            assertThat(client.get(KEYS, user.refreshToken()).json().size()).isEqualTo(20);
        }
    }

    @RepeatedTest(3)
    void twenty_creations_of_one_name_leave_exactly_one_key() throws Exception {
        Login user = clients.get(1).registerAndLogIn(KeyportServerTest.uniqueEmail());
        List<Answer> answers = race(20, (client, n) -> client.createKey(user.refreshToken(), "same-name"));
        assertThat(byStatus(answers)).isEqualTo(Map.of(201, 1, 409, 19));
        assertThat(answers.stream().filter(a -> a.status() == 409).map(Answer::errorCode))
                .containsOnly("APIKeyAlreadyExists");
        assertThat(clients.get(0).get(KEYS, user.refreshToken()).json().size()).isEqualTo(1);
    }

    @RepeatedTest(5)
    void concurrent_enable_disable_delete_leave_a_state_the_api_explains() throws Exception {
        Login user = clients.get(0).registerAndLogIn(KeyportServerTest.uniqueEmail());
        Answer created = clients.get(0).createKey(user.refreshToken(), "contended");
        String id = created.text("_id");
        String value = created.text("key");
        String[] operations = {"enable", "disable", "delete", "login"};
        List<Answer> answers = race(24, (client, n) -> switch (operations[n % operations.length]) {
            case "enable" -> client.put(KEYS + "/" + id + "/enable", user.refreshToken());
            case "disable" -> client.put(KEYS + "/" + id + "/disable", user.refreshToken());
            case "delete" -> client.delete(KEYS + "/" + id, user.refreshToken());
            default -> client.logInWithKey(value);
        });
        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isIn(200, 204, 401, 404);
        }
        assertThat(answers.stream()
                        .filter(a -> a.status() == 204 && a.body().isEmpty())
                        .count())
                .as("at least the first delete succeeded")
                .isPositive();
        // The key was deleted by one of the deletes: both instances agree it is gone, it cannot log in,
        // and no session opened with it survives.
        for (ProtocolClient client : clients) {
            assertThat(client.get(KEYS + "/" + id, user.refreshToken()).status())
                    .isEqualTo(404);
            assertThat(client.logInWithKey(value).status()).isEqualTo(401);
        }
        for (Answer login : answers) {
            if (login.status() == 200) {
                assertThat(clients.get(1)
                                .post(ProtocolClient.CLIENT + "/auth/session", login.text("refresh_token"), null)
                                .status())
                        .as("a session of the deleted key")
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void a_token_issued_by_one_instance_works_on_the_other() {
        Login user = clients.get(0).registerAndLogIn(KeyportServerTest.uniqueEmail());
        assertThat(clients.get(1)
                        .get(ProtocolClient.CLIENT + "/auth/profile", user.accessToken())
                        .status())
                .isEqualTo(200);
        Answer created = clients.get(1).createKey(user.refreshToken(), "cross");
        JsonNode listed = clients.get(0).get(KEYS, user.refreshToken()).json();
        assertThat(listed.get(0).get("_id").getStringValue()).isEqualTo(created.text("_id"));
    }
}
