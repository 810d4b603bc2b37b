package dev.keyport.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.App;
import dev.keyport.application.DelegatingApiKeys;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.GraphSetup;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.LogInWithApiKey;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.sessions.service.SessionPolicy;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.bootstrap.TestGraph;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.ApiKeyId;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Finding (issue 23 review, attack-main): the per-key sweep deletes a key's ended-session records in the same
 * transaction that moves the key's session generation on. A refresh that read the key just before that commit
 * (from this instance's view an instant before its after-commit update, or from another instance's view, which
 * hears of the change only within the revocation bound) still sees the old generation, and then asks the database
 * whether its session was logged out: the record is gone, so a session that was logged out is accepted again.
 * ADR 0017 promises that no logged-out token is ever accepted again.
 *
 * <p>The race is made deterministic: the refreshing instance's key read lets the sweep commit right after it.
 * The logouts go on until the view holds more of the key's records than its per-key bound, so that the question
 * goes to the database, where the sweep's deletion was seen at once.
 */
class KeySessionSweepRaceTest {
    private static final int BOUND = 3;

    @Test
    void a_logged_out_session_stays_ended_when_a_refresh_races_the_sweep() {
        TestDatabase.Coordinates database = TestDatabase.freshDatabase();
        PostgresStore.Settings settings = new PostgresStore.Settings(
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                100_000,
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                Duration.ofMillis(800),
                100_000,
                100_000,
                BOUND,
                java.util.Optional.empty(),
                true);
        try (ApplicationContext context = ApplicationContext.run(PostgresAdapters.poolOnly(database));
                PostgresStore store = PostgresAdapters.open(context, settings)) {
            DrivenPorts ports = store.ports();
            SessionPolicy policy = new SessionPolicy(Duration.ofDays(60), BOUND);
            AdminAccountService.Settings admin =
                    new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30));
            App a = TestGraph.compose(
                    GraphSetup.of(ports, Clock.systemUTC(), admin).withPolicy(policy));

            AtomicReference<Runnable> afterKeyRead = new AtomicReference<>();
            DelegatingApiKeys racing = new DelegatingApiKeys(ports.apiKeys()) {
                @Override
                public Optional<ApiKey> find(ApiKeyId id) {
                    Optional<ApiKey> read = store.find(id);
                    Runnable meanwhile = afterKeyRead.getAndSet(null);
                    if (meanwhile != null) {
                        meanwhile.run();
                    }
                    return read;
                }
            };
            App b = TestGraph.compose(
                    GraphSetup.of(racing.in(ports), Clock.systemUTC(), admin).withPolicy(policy));

            a.registration().register(new RegisterUser.Command("ann@example.org", "secret-password"));
            OpenedSession owner = a.login()
                    .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
            CreatedApiKey created =
                    a.userKeys().create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("shared")));
            LogInWithApiKey.Command withKey =
                    new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none());

            ApiKeyId keyId = created.key().id();
            // Logouts, swept every BOUND + 1, until this instance's view asks the database about the key (its
            // memory of the key went past its bound) and a sweep has just run.
            for (int i = 0;
                    !(store.view().endedSessionsHeld().keysAskingTheDatabase() > 0
                            && ports.endedSessions().countOf(keyId) == 0);
                    i++) {
                assertThat(i)
                        .as("the view asks the database within a few rounds")
                        .isLessThan(20 * (BOUND + 1));
                a.sessions().logOut(a.login().logIn(withKey).credential());
            }
            OpenedSession victim = a.login().logIn(withKey);
            a.sessions().logOut(victim.credential());
            for (int i = 1; i < BOUND; i++) {
                a.sessions().logOut(a.login().logIn(withKey).credential());
            }
            assertThat(ports.endedSessions().countOf(created.key().id())).isEqualTo(BOUND);
            assertThatThrownBy(() -> b.sessions().authenticate(victim.credential()))
                    .isInstanceOf(InvalidSession.class);

            OpenedSession sweeper = a.login().logIn(withKey);
            afterKeyRead.set(() -> a.sessions().logOut(sweeper.credential())); // commits the sweep after b's key read
            assertThatThrownBy(() -> b.sessions().authenticate(victim.credential()))
                    .as("the session was logged out: a sweep racing the refresh must not bring it back")
                    .isInstanceOf(InvalidSession.class);
            assertThat(afterKeyRead.get()).as("the sweep ran").isNull();
            assertThat(store.view().endedSessionsHeld().keysAskingTheDatabase())
                    .as("the question went to the database")
                    .isPositive();
        }
    }
}
