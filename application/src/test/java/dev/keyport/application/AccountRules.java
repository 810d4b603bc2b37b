package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.accounts.port.in.AdminUserCommand;
import dev.keyport.application.accounts.port.in.LinkCredentials;
import dev.keyport.application.accounts.port.in.ManageUsers;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.serverkeys.port.in.CreateServerApiKey;
import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.LogInAnonymously;
import dev.keyport.application.sessions.port.in.LogInWithApiKey;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.LogOut;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.CredentialsCannotBeLinked;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.error.KeySessionForbidden;
import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.error.ServerUserForbidden;
import dev.keyport.domain.error.UserDisabled;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.Password;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24's account rules (delete, link, disable/enable, list), on each store: the in-memory one and PostgreSQL
 * (with its key view, so "refused at once on the instance that answered" is checked through the view).
 */
public abstract class AccountRules extends GraphSuite {
    private static final AdminCaller ADMIN = new AdminCaller("root", new SessionId("0123456789abcdef01234567"));
    private static final String PASSWORD = "secret-password";

    private App app;

    @BeforeEach
    public void wire() {
        app = wire(
                freshPorts(),
                Clock.systemUTC(),
                new AdminAccountService.Settings(
                        "root", Optional.of(Password.offered("configured-secret")), Duration.ofMinutes(30)));
    }

    private OpenedSession registeredAndLoggedIn(String email) {
        app.registration().register(new RegisterUser.Command(email, PASSWORD));
        return logIn(email);
    }

    private OpenedSession logIn(String email) {
        return app.login().logIn(new LogInWithPassword.Command(email, PASSWORD, DeviceHint.none()));
    }

    private CreatedApiKey key(OpenedSession owner, String name) {
        return app.userKeys().create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName(name)));
    }

    private OpenedSession keyLogin(CreatedApiKey key) {
        return app.login().logIn(new LogInWithApiKey.Command(key.secret().reveal(), DeviceHint.none()));
    }

    private List<AuditAction> audited() {
        return app.ports().audit().latest(100).stream().map(AuditEvent::action).toList();
    }

    private LinkCredentials.Command linkPassword(OpenedSession caller, String email, String password) {
        return new LinkCredentials.Command(
                caller.session(), new LinkCredentials.EmailPassword(new Email(email), Password.offered(password)));
    }

    // --- delete -------------------------------------------------------------------------------------

    @Test
    public void deleting_ones_account_takes_identities_sessions_and_keys_and_frees_the_email() {
        OpenedSession ann = registeredAndLoggedIn("ann@example.org");
        OpenedSession other = logIn("ann@example.org");
        CreatedApiKey device = key(ann, "device");
        OpenedSession keySession = keyLogin(device);

        app.accounts().deleteOwnAccount(ann.session());

        assertThat(app.ports().users().find(ann.session().userId())).isEmpty();
        assertThatThrownBy(() -> keyLogin(device)).as("the key, at once").isInstanceOf(ApiKeyLoginRefused.class);
        assertThatThrownBy(() -> logIn("ann@example.org")).isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(() -> app.sessions().authenticate(other.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> app.sessions().authenticate(keySession.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> app.accounts().deleteOwnAccount(ann.session()))
                .as("the deleted session deletes nothing more")
                .isInstanceOf(InvalidSession.class);
        assertThat(audited()).contains(AuditAction.USER_DELETED);

        OpenedSession again = registeredAndLoggedIn("ann@example.org");
        assertThat(again.session().userId())
                .as("a new user")
                .isNotEqualTo(ann.session().userId());
    }

    @Test
    public void a_key_session_cannot_delete_its_owner_nor_an_ended_session_anyone() {
        OpenedSession ann = registeredAndLoggedIn("ann@example.org");
        OpenedSession keySession = keyLogin(key(ann, "device"));
        assertThatThrownBy(() -> app.accounts().deleteOwnAccount(keySession.session()))
                .isInstanceOf(KeySessionForbidden.class);

        OpenedSession gone = logIn("ann@example.org");
        app.sessions().logOut(gone.credential());
        assertThatThrownBy(() -> app.accounts().deleteOwnAccount(gone.session()))
                .isInstanceOf(InvalidSession.class);
        assertThat(app.ports().users().find(ann.session().userId()))
                .as("nothing changed")
                .isPresent();
        assertThat(keyLogin(app.userKeys()
                                .create(new CreateUserApiKey.Command(ann.session(), new ApiKeyName("second"))))
                        .session()
                        .userId())
                .isEqualTo(ann.session().userId());
    }

    @Test
    public void server_users_are_managed_through_their_key_not_as_users() {
        CreatedApiKey server =
                app.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("backend")));
        UserId serverUser = server.key().ownerId();
        OpenedSession serverSession = keyLogin(server);
        assertThatThrownBy(() -> app.accounts().delete(new AdminUserCommand(ADMIN, serverUser)))
                .isInstanceOf(ServerUserForbidden.class);
        assertThatThrownBy(() -> app.accounts().disable(new AdminUserCommand(ADMIN, serverUser)))
                .isInstanceOf(ServerUserForbidden.class);
        var apiKey = app.ports().providers().setting(AuthProvider.API_KEY);
        var config = new java.util.HashMap<>(apiKey.config());
        config.put(dev.keyport.domain.provider.ProviderSetting.KEY_SESSIONS_MANAGE_KEYS_SETTING, true);
        app.ports().transactions().inTransaction(() -> {
            app.ports()
                    .providers()
                    .save(new dev.keyport.domain.provider.ProviderSetting(
                            AuthProvider.API_KEY, apiKey.disabled(), config));
            return null;
        });
        assertThatThrownBy(() -> app.accounts().deleteOwnAccount(serverSession.session()))
                .isInstanceOf(ServerUserForbidden.class);
        assertThat(keyLogin(server).session().userId())
                .as("the server key still logs in")
                .isEqualTo(serverUser);
    }

    @Test
    public void the_admin_deletes_a_user_and_an_unknown_one_is_not_found() {
        OpenedSession bob = registeredAndLoggedIn("bob@example.org");
        CreatedApiKey device = key(bob, "device");
        app.accounts().delete(new AdminUserCommand(ADMIN, bob.session().userId()));
        assertThatThrownBy(() -> keyLogin(device)).isInstanceOf(ApiKeyLoginRefused.class);
        assertThatThrownBy(() -> app.accounts()
                        .delete(new AdminUserCommand(ADMIN, bob.session().userId())))
                .isInstanceOf(UserNotFound.class);
    }

    // --- link ---------------------------------------------------------------------------------------

    @Test
    public void an_anonymous_user_links_a_registered_email_keeps_the_id_and_may_own_keys_from_then_on() {
        OpenedSession anon = app.login().logIn(new LogInAnonymously.Command(DeviceHint.none()));
        assertThatThrownBy(() -> key(anon, "before")).isInstanceOf(OwnerCannotHoldKeys.class);
        app.registration().register(new RegisterUser.Command("cat@example.org", PASSWORD));

        assertThat(app.accounts().link(linkPassword(anon, "cat@example.org", PASSWORD)))
                .isEqualTo(anon.session());

        UserId id = anon.session().userId();
        assertThat(app.ports().users().find(id).orElseThrow().identities())
                .extracting(Identity::provider)
                .containsExactly(AuthProvider.ANON_USER, AuthProvider.LOCAL_USERPASS);
        assertThat(app.sessions().authenticate(anon.credential()).userId())
                .as("the session goes on")
                .isEqualTo(id);
        CreatedApiKey key = key(anon, "after");
        assertThat(keyLogin(key).session().userId()).isEqualTo(id);
        assertThat(logIn("cat@example.org").session().userId())
                .as("the email logs in as the linked user")
                .isEqualTo(id);
        assertThat(audited()).contains(AuditAction.USER_IDENTITY_LINKED);
    }

    @Test
    public void linking_an_identity_that_belongs_to_a_user_is_refused_and_changes_nothing() {
        OpenedSession dan = registeredAndLoggedIn("dan@example.org"); // logged in: a user, not only a registration
        OpenedSession anon = app.login().logIn(new LogInAnonymously.Command(DeviceHint.none()));

        assertThatThrownBy(() -> app.accounts().link(linkPassword(anon, "dan@example.org", PASSWORD)))
                .isInstanceOf(CredentialsCannotBeLinked.class)
                .hasMessage("a user already exists with the specified provider.");
        assertThat(logIn("dan@example.org").session().userId())
                .isEqualTo(dan.session().userId());
        assertThat(app.ports()
                        .users()
                        .find(anon.session().userId())
                        .orElseThrow()
                        .isAnonymous())
                .isTrue();

        assertThatThrownBy(() -> app.accounts().link(linkPassword(dan, "dan@example.org", PASSWORD)))
                .as("one's own email again")
                .isInstanceOf(CredentialsCannotBeLinked.class);
        app.registration().register(new RegisterUser.Command("eve@example.org", PASSWORD));
        assertThatThrownBy(() -> app.accounts().link(linkPassword(dan, "eve@example.org", PASSWORD)))
                .as("a second email/password")
                .isInstanceOf(CredentialsCannotBeLinked.class);
        assertThatThrownBy(() -> app.accounts().link(linkPassword(anon, "eve@example.org", "wrong-password")))
                .isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(() -> app.accounts().link(linkPassword(anon, "nobody@example.org", PASSWORD)))
                .isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(() ->
                        app.accounts().link(new LinkCredentials.Command(anon.session(), new LinkCredentials.ApiKey())))
                .isInstanceOf(CredentialsCannotBeLinked.class);
        assertThatThrownBy(() -> app.accounts()
                        .link(new LinkCredentials.Command(dan.session(), new LinkCredentials.Anonymous())))
                .isInstanceOf(CredentialsCannotBeLinked.class);
        assertThat(app.ports()
                        .users()
                        .find(anon.session().userId())
                        .orElseThrow()
                        .isAnonymous())
                .as("nothing changed")
                .isTrue();
        assertThat(logIn("eve@example.org").session().userId())
                .as("eve's registration is hers")
                .isNotEqualTo(anon.session().userId());
    }

    @Test
    public void a_key_session_or_an_ended_session_links_nothing() {
        OpenedSession fay = registeredAndLoggedIn("fay@example.org");
        OpenedSession keySession = keyLogin(key(fay, "device"));
        app.registration().register(new RegisterUser.Command("gil@example.org", PASSWORD));
        assertThatThrownBy(() -> app.accounts().link(linkPassword(keySession, "gil@example.org", PASSWORD)))
                .isInstanceOf(KeySessionForbidden.class);
        OpenedSession anon = app.login().logIn(new LogInAnonymously.Command(DeviceHint.none()));
        app.sessions().logOut(anon.credential());
        assertThatThrownBy(() -> app.accounts().link(linkPassword(anon, "gil@example.org", PASSWORD)))
                .isInstanceOf(InvalidSession.class);
        assertThat(app.ports()
                        .users()
                        .findPasswordAccount(new Email("gil@example.org"))
                        .orElseThrow()
                        .loggedInBefore())
                .isFalse();
    }

    // --- disable / enable / list ----------------------------------------------------------------------

    @Test
    public void a_disabled_user_logs_in_with_nothing_their_sessions_end_and_enabling_revives_none() {
        OpenedSession hal = registeredAndLoggedIn("hal@example.org");
        CreatedApiKey device = key(hal, "device");
        OpenedSession keySession = keyLogin(device);
        UserId id = hal.session().userId();

        app.accounts().disable(new AdminUserCommand(ADMIN, id));
        app.accounts().disable(new AdminUserCommand(ADMIN, id)); // idempotent

        assertThatThrownBy(() -> logIn("hal@example.org")).isInstanceOf(UserDisabled.class);
        assertThatThrownBy(() ->
                        app.login().logIn(new LogInWithPassword.Command("hal@example.org", "wrong", DeviceHint.none())))
                .as("the state is told only to who holds the password")
                .isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(() -> keyLogin(device)).as("the key, at once").isInstanceOf(ApiKeyLoginRefused.class);
        assertThatThrownBy(() -> app.sessions().authenticate(hal.credential())).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> app.sessions().authenticate(keySession.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThat(app.accounts()
                        .list(new ManageUsers.ListQuery(ADMIN, Optional.empty(), 10))
                        .users())
                .extracting(ManageUsers.ListedUser::state)
                .containsExactly(ManageUsers.State.DISABLED);

        app.accounts().enable(new AdminUserCommand(ADMIN, id));

        assertThatThrownBy(() -> app.sessions().authenticate(hal.credential()))
                .as("ended stays ended")
                .isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> app.sessions().authenticate(keySession.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThat(logIn("hal@example.org").session().userId()).isEqualTo(id);
        assertThat(keyLogin(device).session().userId()).isEqualTo(id);
        assertThat(audited()).containsSubsequence(AuditAction.USER_ENABLED, AuditAction.USER_DISABLED);
        assertThat(audited().stream().filter(AuditAction.USER_DISABLED::equals))
                .as("the repeat records nothing")
                .hasSize(1);
    }

    @Test
    public void no_session_is_stored_for_a_disabled_user_even_after_a_login_checked() {
        OpenedSession ivy = registeredAndLoggedIn("ivy@example.org");
        app.accounts().disable(new AdminUserCommand(ADMIN, ivy.session().userId()));
        // what a login that read the account just before the disable committed does next: the store refuses
        dev.keyport.domain.session.Session late = dev.keyport.domain.session.Session.open(
                new SessionId("0123456789abcdef0123abcd"),
                ivy.session().userId(),
                ivy.session().deviceId(),
                dev.keyport.domain.secret.RefreshToken.generate(new java.security.SecureRandom())
                        .digest(),
                Optional.empty(),
                java.time.Instant.now(),
                Duration.ofDays(1));
        assertThatThrownBy(() -> app.ports().sessions().add(late)).isInstanceOf(UserDisabled.class);
        assertThat(app.ports().sessions().find(late.id())).isEmpty();
    }

    @Test
    public void the_list_pages_through_users_in_id_order_with_their_state() {
        for (String name : List.of("a", "b", "c")) {
            registeredAndLoggedIn(name + "@example.org");
        }
        ManageUsers.Page first = app.accounts().list(new ManageUsers.ListQuery(ADMIN, Optional.empty(), 2));
        assertThat(first.users())
                .hasSize(2)
                .allSatisfy(user -> assertThat(user.state()).isEqualTo(ManageUsers.State.CONFIRMED));
        ManageUsers.Page second = app.accounts().list(new ManageUsers.ListQuery(ADMIN, first.next(), 2));
        assertThat(second.users()).hasSize(1);
        assertThat(second.next()).isEmpty();
        assertThat(second.users().getFirst().user().id().value())
                .isGreaterThan(first.users().getLast().user().id().value());
        assertThatThrownBy(() -> new ManageUsers.ListQuery(ADMIN, Optional.empty(), 0))
                .isInstanceOf(dev.keyport.domain.error.InvalidParameter.class);
        assertThatThrownBy(() ->
                        app.accounts().enable(new AdminUserCommand(ADMIN, new UserId("0123456789abcdef01234599"))))
                .isInstanceOf(UserNotFound.class);
    }

    @Test
    public void a_logout_of_a_deleted_users_session_is_refused_not_a_failure() {
        OpenedSession jo = registeredAndLoggedIn("jo@example.org");
        app.accounts().deleteOwnAccount(jo.session());
        assertThatThrownBy(() -> app.sessions().logOut(jo.credential())).isInstanceOf(InvalidSession.class);
        LogOut unused = app.sessions();
        assertThat(unused).isNotNull();
    }

    /** Races: two users link one registration, and its own first login, at once. No failure but refusals; one outcome. */
    @Test
    public void a_registration_linked_by_two_users_and_logged_in_at_once_ends_with_exactly_one_owner()
            throws Exception {
        for (int round = 0; round < 5; round++) {
            String email = "race-" + round + "@example.org";
            app.registration().register(new RegisterUser.Command(email, PASSWORD));
            OpenedSession a = app.login().logIn(new LogInAnonymously.Command(DeviceHint.none()));
            OpenedSession b = app.login().logIn(new LogInAnonymously.Command(DeviceHint.none()));
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                List<java.util.concurrent.Future<Object>> outcomes = List.of(
                        pool.submit(() -> attempt(
                                start,
                                () -> app.accounts()
                                        .link(linkPassword(a, email, PASSWORD))
                                        .userId())),
                        pool.submit(() -> attempt(
                                start,
                                () -> app.accounts()
                                        .link(linkPassword(b, email, PASSWORD))
                                        .userId())),
                        pool.submit(() ->
                                attempt(start, () -> logIn(email).session().userId())));
                start.countDown();
                List<Object> results = new java.util.ArrayList<>();
                for (var outcome : outcomes) {
                    results.add(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
                assertThat(results)
                        .as("only refusals fail")
                        .allSatisfy(result -> assertThat(result)
                                .isInstanceOfAny(
                                        UserId.class, CredentialsCannotBeLinked.class, WrongCredentials.class));
                UserId owner = app.ports()
                        .users()
                        .findPasswordAccount(new Email(email))
                        .orElseThrow()
                        .userId();
                long linked = results.subList(0, 2).stream()
                        .filter(UserId.class::isInstance)
                        .count();
                assertThat(linked).as("at most one link wins").isLessThanOrEqualTo(1);
                if (linked == 1) {
                    assertThat(owner).isIn(a.session().userId(), b.session().userId());
                }
                assertThat(logIn(email).session().userId())
                        .as("the email logs in as its one owner")
                        .isEqualTo(owner);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Object attempt(java.util.concurrent.CountDownLatch start, java.util.function.Supplier<Object> work)
            throws InterruptedException {
        start.await();
        try {
            return work.get();
        } catch (dev.keyport.domain.error.DomainException refused) {
            return refused;
        }
    }
}
