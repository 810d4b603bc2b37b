package dev.keyport.adapter.persistence.memory;

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
import dev.keyport.application.userkeys.port.in.RollUserApiKey;
import dev.keyport.application.userkeys.port.in.UserApiKeyCommand;
import dev.keyport.bootstrap.TestGraph;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.ApiKeyId;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A session opened on one instance with a key's new value, refreshed at once on another instance whose view has
 * not heard of the roll yet (within the revocation bound): the session names a generation the lagging view's key
 * has not reached. It must be asked of the store, not refused: a 401 on a refresh logs the client out. Found by
 * {@code KeySessionsAcrossInstancesTest} failing now and then in CI; here the lag is made deterministic.
 */
class SessionOnALaggingViewTest {

    @Test
    void a_session_of_a_generation_the_view_has_not_reached_is_asked_of_the_store_not_refused() {
        DrivenPorts ports = InMemoryStore.fresh();
        AtomicReference<ApiKey> lagging = new AtomicReference<>();
        App here = instance(ports);
        App there = instance(laggingView(ports, lagging));

        here.registration().register(new RegisterUser.Command("ann@example.org", "secret-password"));
        OpenedSession owner = here.login()
                .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        CreatedApiKey created =
                here.userKeys().create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("k")));
        OpenedSession old =
                here.login().logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        lagging.set(ports.apiKeys().find(created.key().id()).orElseThrow()); // what the lagging view holds

        CreatedApiKey rolled = here.userKeys()
                .roll(new RollUserApiKey.Command(owner.session(), created.key().id(), 0));
        OpenedSession fresh =
                here.login().logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none()));

        assertThat(there.sessions().authenticate(fresh.credential()))
                .as("asked of the store, not refused")
                .isEqualTo(fresh.session());
        assertThat(there.sessions().authenticate(old.credential()))
                .as("the lagging view still admits the rolled-away value: that is the revocation bound, 1 s")
                .isEqualTo(old.session());
        lagging.set(null); // the view has heard of the roll
        assertThatThrownBy(() -> there.sessions().authenticate(old.credential()))
                .isInstanceOf(InvalidSession.class);
    }

    @Test
    void a_session_opened_after_a_re_enable_the_view_has_not_heard_of_is_asked_of_the_store_not_refused() {
        DrivenPorts ports = InMemoryStore.fresh();
        AtomicReference<ApiKey> lagging = new AtomicReference<>();
        App here = instance(ports);
        App there = instance(laggingView(ports, lagging));

        here.registration().register(new RegisterUser.Command("bob@example.org", "secret-password"));
        OpenedSession owner = here.login()
                .logIn(new LogInWithPassword.Command("bob@example.org", "secret-password", DeviceHint.none()));
        CreatedApiKey created =
                here.userKeys().create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("k")));
        OpenedSession beforeDisable =
                here.login().logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        here.userKeys()
                .disable(new UserApiKeyCommand(owner.session(), created.key().id()));
        lagging.set(ports.apiKeys().find(created.key().id()).orElseThrow()); // the lagging view: disabled
        here.userKeys()
                .enable(new UserApiKeyCommand(owner.session(), created.key().id()));
        OpenedSession afterEnable =
                here.login().logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));

        assertThat(there.sessions().authenticate(afterEnable.credential()))
                .as("asked of the store, not refused")
                .isEqualTo(afterEnable.session());
        assertThatThrownBy(() -> there.sessions().authenticate(beforeDisable.credential()))
                .as("disabling ended it for good, whatever the view")
                .isInstanceOf(InvalidSession.class);
        lagging.set(null);
        assertThatThrownBy(() -> there.sessions().authenticate(beforeDisable.credential()))
                .isInstanceOf(InvalidSession.class);
    }

    /** The store's ports, except that {@code find} answers the key held in {@code lagging} while there is one. */
    private static DrivenPorts laggingView(DrivenPorts ports, AtomicReference<ApiKey> lagging) {
        return new DelegatingApiKeys(ports.apiKeys()) {
            @Override
            public Optional<ApiKey> find(ApiKeyId id) {
                ApiKey stale = lagging.get();
                return stale != null && stale.id().equals(id) ? Optional.of(stale) : store.find(id);
            }
        }.in(ports);
    }

    /** A Keyport instance over these ports. */
    private static App instance(DrivenPorts instancePorts) {
        AdminAccountService.Settings admin =
                new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30));
        return TestGraph.compose(GraphSetup.of(instancePorts, Clock.systemUTC(), admin)
                .withPolicy(new SessionPolicy(Duration.ofDays(60))));
    }
}
