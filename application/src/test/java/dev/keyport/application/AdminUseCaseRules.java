package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.port.in.AdminSessions;
import dev.keyport.application.admin.port.in.EnsureAdminAccount;
import dev.keyport.application.admin.port.in.LogInAsAdmin;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.providers.port.in.ApplyAppConfiguration;
import dev.keyport.application.providers.port.in.SwitchAuthProvider;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.serverkeys.port.in.CreateServerApiKey;
import dev.keyport.application.serverkeys.port.in.ServerApiKeyCommand;
import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.LogInAnonymously;
import dev.keyport.application.sessions.port.in.LogInWithApiKey;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.application.userkeys.port.in.AdminUserApiKeyCommand;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.application.users.port.in.LookUpUser;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.ServerKeyRoster;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.error.AdminPasswordConfigured;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.UserType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server keys, provider switches, user administration, the admin account and the audit trail. */
public abstract class AdminUseCaseRules extends GraphSuite {
    /** A fresh, empty store of the adapter family under test. */
    private static final AdminCaller ADMIN = new AdminCaller("root", new SessionId("0123456789abcdef01234567"));

    private App app;

    @BeforeEach
    public void wire() {
        app = wire(
                freshPorts(),
                Clock.systemUTC(),
                new AdminAccountService.Settings(
                        "root", Optional.of(Password.offered("configured-secret")), Duration.ofMinutes(30)));
    }

    private CreatedApiKey serverKey(String name) {
        return app.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName(name)));
    }

    private OpenedSession logInWith(String keyValue) {
        return app.login().logIn(new LogInWithApiKey.Command(keyValue, DeviceHint.none()));
    }

    private List<AuditAction> auditedActions() {
        return app.ports().audit().latest(100).stream().map(AuditEvent::action).toList();
    }

    @Test
    public void a_server_key_logs_in_as_its_own_server_user_and_goes_with_it() {
        CreatedApiKey created = serverKey("billing-service");
        OpenedSession session = logInWith(created.secret().reveal());
        assertThat(session.session().userId()).isEqualTo(created.key().ownerId());
        assertThat(app.sessions().profile(session.session()).user().type()).isEqualTo(UserType.SERVER);
        assertThat(app.serverKeys().list(ADMIN))
                .extracting(key -> key.name().value())
                .containsExactly("billing-service");

        assertThat(app.serverKeys()
                        .delete(new ServerApiKeyCommand(ADMIN, created.key().id()))
                        .key()
                        .id())
                .isEqualTo(created.key().id());
        assertThat(app.ports().users().find(created.key().ownerId())).isEmpty();
        assertThatThrownBy(() -> app.sessions().authenticate(session.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> logInWith(created.secret().reveal())).isInstanceOf(ApiKeyLoginRefused.class);
        assertThatThrownBy(() -> app.serverKeys()
                        .get(new ServerApiKeyCommand(ADMIN, created.key().id())))
                .isInstanceOf(ApiKeyNotFound.class);
    }

    @Test
    public void disabling_a_server_key_refuses_login_and_revokes_sessions_until_enabled() {
        CreatedApiKey created = serverKey("ci");
        OpenedSession session = logInWith(created.secret().reveal());
        assertThat(app.serverKeys()
                        .disable(new ServerApiKeyCommand(ADMIN, created.key().id()))
                        .key()
                        .disabled())
                .isTrue();
        assertThatThrownBy(() -> app.sessions().authenticate(session.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> logInWith(created.secret().reveal())).isInstanceOf(ApiKeyLoginRefused.class);
        app.serverKeys().enable(new ServerApiKeyCommand(ADMIN, created.key().id()));
        assertThat(logInWith(created.secret().reveal()).session().userId())
                .isEqualTo(created.key().ownerId());
        assertThat(auditedActions())
                .containsSubsequence(
                        AuditAction.KEY_LOGIN_SUCCEEDED,
                        AuditAction.KEY_ENABLED,
                        AuditAction.KEY_LOGIN_REFUSED,
                        AuditAction.KEY_DISABLED,
                        AuditAction.KEY_LOGIN_SUCCEEDED,
                        AuditAction.KEY_CREATED);
    }

    @Test
    public void server_key_names_are_unique_and_a_duplicate_creates_nothing() {
        serverKey("ci");
        int usersBefore = app.ports()
                        .users()
                        .find(app.serverKeys().list(ADMIN).getFirst().ownerId())
                        .isPresent()
                ? 1
                : 0;
        assertThatThrownBy(() -> serverKey("ci")).isInstanceOf(DuplicateKeyName.class);
        assertThat(app.serverKeys().list(ADMIN)).hasSize(1);
        assertThat(usersBefore).isEqualTo(1);
    }

    @Test
    public void at_most_one_hundred_server_keys() {
        for (int i = 0; i < ServerKeyRoster.MAX_KEYS; i++) {
            serverKey("key-" + i);
        }
        assertThatThrownBy(() -> serverKey("one-too-many")).isInstanceOf(KeyLimitReached.class);
        assertThat(app.serverKeys().list(ADMIN)).hasSize(ServerKeyRoster.MAX_KEYS);
    }

    @Test
    public void a_server_user_cannot_create_user_keys_and_does_not_see_its_server_key_as_one() {
        CreatedApiKey created = serverKey("ci");
        OpenedSession session = logInWith(created.secret().reveal());
        assertThat(app.userKeys().list(session.session())).isEmpty();
        assertThatThrownBy(() ->
                        app.userKeys().create(new CreateUserApiKey.Command(session.session(), new ApiKeyName("x"))))
                .isInstanceOf(OwnerCannotHoldKeys.class);
    }

    @Test
    public void a_disabled_provider_refuses_its_logins_and_key_creation_and_enabling_restores_both() {
        app.registration().register(new RegisterUser.Command("ann@example.org", "secret-password"));
        OpenedSession ann = app.login()
                .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        CreatedApiKey key = app.userKeys().create(new CreateUserApiKey.Command(ann.session(), new ApiKeyName("phone")));

        app.providers().switchProvider(new SwitchAuthProvider.Command(ADMIN, AuthProvider.API_KEY, false));
        assertThatThrownBy(() -> logInWith(key.secret().reveal())).isInstanceOf(ProviderDisabled.class);
        assertThatThrownBy(() ->
                        app.userKeys().create(new CreateUserApiKey.Command(ann.session(), new ApiKeyName("tablet"))))
                .isInstanceOf(ProviderDisabled.class);
        assertThat(app.userKeys().list(ann.session())).hasSize(1); // existing keys are kept

        app.providers().switchProvider(new SwitchAuthProvider.Command(ADMIN, AuthProvider.API_KEY, true));
        assertThat(logInWith(key.secret().reveal()).session().userId())
                .isEqualTo(ann.session().userId());

        app.providers().switchProvider(new SwitchAuthProvider.Command(ADMIN, AuthProvider.ANON_USER, false));
        assertThatThrownBy(() -> app.login().logIn(new LogInAnonymously.Command(DeviceHint.none())))
                .isInstanceOf(ProviderDisabled.class);
        app.providers().switchProvider(new SwitchAuthProvider.Command(ADMIN, AuthProvider.LOCAL_USERPASS, false));
        assertThatThrownBy(() -> app.login()
                        .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none())))
                .isInstanceOf(ProviderDisabled.class);
        assertThatThrownBy(() ->
                        app.registration().register(new RegisterUser.Command("bob@example.org", "secret-password")))
                .isInstanceOf(ProviderDisabled.class);
        assertThat(app.ports().users().findByEmail(new dev.keyport.domain.user.Email("bob@example.org")))
                .isEmpty();
    }

    @Test
    public void the_app_directory_sets_the_providers_it_names_and_keeps_their_config() {
        app.providers()
                .apply(new ApplyAppConfiguration.Command(
                        "/apps/demo",
                        List.of(
                                new ProviderSetting(AuthProvider.LOCAL_USERPASS, false, Map.of("autoConfirm", true)),
                                new ProviderSetting(AuthProvider.ANON_USER, true, Map.of()))));
        assertThat(app.providers().list())
                .containsExactly(
                        new ProviderSetting(AuthProvider.LOCAL_USERPASS, false, Map.of("autoConfirm", true)),
                        new ProviderSetting(AuthProvider.ANON_USER, true, Map.of()),
                        ProviderSetting.enabledByDefault(AuthProvider.API_KEY),
                        ProviderSetting.enabledByDefault(AuthProvider.CUSTOM_TOKEN));
    }

    @Test
    public void an_admin_looks_up_a_user_and_disables_or_deletes_their_keys() {
        app.registration().register(new RegisterUser.Command("ann@example.org", "secret-password"));
        OpenedSession ann = app.login()
                .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        CreatedApiKey phone =
                app.userKeys().create(new CreateUserApiKey.Command(ann.session(), new ApiKeyName("phone")));
        OpenedSession viaKey = logInWith(phone.secret().reveal());

        LookUpUser.UserWithKeys found = app.lookup().lookUp(new LookUpUser.Query(ADMIN, "ANN@example.org"));
        assertThat(found.user().id()).isEqualTo(ann.session().userId());
        assertThat(found.keys()).extracting(k -> k.name().value()).containsExactly("phone");
        assertThat(app.lookup()
                        .lookUp(new LookUpUser.Query(
                                ADMIN, ann.session().userId().value()))
                        .user()
                        .id())
                .isEqualTo(ann.session().userId());
        assertThatThrownBy(() -> app.lookup().lookUp(new LookUpUser.Query(ADMIN, "nobody@example.org")))
                .isInstanceOf(UserNotFound.class);

        AdminUserApiKeyCommand command = new AdminUserApiKeyCommand(
                ADMIN, ann.session().userId(), phone.key().id());
        assertThat(app.userKeys().disable(command).key().disabled()).isTrue();
        assertThatThrownBy(() -> app.sessions().authenticate(viaKey.credential()))
                .isInstanceOf(InvalidSession.class);
        app.userKeys().delete(command);
        assertThat(app.userKeys().list(ann.session())).isEmpty();
        assertThat(app.ports().audit().latest(2))
                .extracting(AuditEvent::actor, AuditEvent::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ADMIN.actor(), AuditAction.KEY_DELETED),
                        org.assertj.core.groups.Tuple.tuple(ADMIN.actor(), AuditAction.KEY_DISABLED));
        AdminUserApiKeyCommand wrongOwner = new AdminUserApiKeyCommand(
                ADMIN, ann.session().userId(), phone.key().id());
        assertThatThrownBy(() -> app.userKeys().delete(wrongOwner)).isInstanceOf(ApiKeyNotFound.class);
    }

    @Test
    public void the_configured_admin_password_logs_in_and_anything_else_is_refused_and_audited() {
        assertThat(app.admin().ensure().generatedPassword()).isEmpty();
        assertThat(app.admin()
                        .logIn(new LogInAsAdmin.Command("root", Password.offered("configured-secret")))
                        .username())
                .isEqualTo("root");
        assertThatThrownBy(() ->
                        app.admin().logIn(new LogInAsAdmin.Command("root", Password.offered("configured-secreT"))))
                .isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(() ->
                        app.admin().logIn(new LogInAsAdmin.Command("admin", Password.offered("configured-secret"))))
                .isInstanceOf(WrongCredentials.class);
        assertThat(auditedActions())
                .containsExactly(
                        AuditAction.ADMIN_LOGIN_REFUSED,
                        AuditAction.ADMIN_LOGIN_REFUSED,
                        AuditAction.ADMIN_LOGIN_SUCCEEDED);
    }

    /**
     * An unknown admin name costs what a wrong password costs: one password hash each, through the hashing
     * port (the bounded pool in production), so the time of the answer does not say whether the name exists.
     */
    @Test
    public void an_unknown_admin_name_costs_one_hash_like_a_wrong_password() {
        for (Optional<Password> configured :
                List.of(Optional.<Password>empty(), Optional.of(Password.offered("configured-secret")))) {
            java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
            FastTestPasswordHasher fast = new FastTestPasswordHasher();
            dev.keyport.application.shared.port.out.PasswordHasher counting =
                    new dev.keyport.application.shared.port.out.PasswordHasher() {
                        @Override
                        public dev.keyport.domain.user.PasswordHash hash(Password password) {
                            return fast.hash(password);
                        }

                        @Override
                        public boolean matches(Password password, dev.keyport.domain.user.PasswordHash hash) {
                            checks.incrementAndGet();
                            return fast.matches(password, hash);
                        }

                        @Override
                        public boolean needsRehash(dev.keyport.domain.user.PasswordHash hash) {
                            return fast.needsRehash(hash);
                        }
                    };
            App counted = wire(
                    freshPorts(),
                    Clock.systemUTC(),
                    new AdminAccountService.Settings("root", configured, Duration.ofMinutes(30)),
                    counting);
            counted.admin().ensure();
            checks.set(0);
            assertThatThrownBy(() -> counted.admin().logIn(new LogInAsAdmin.Command("root", Password.offered("wrong"))))
                    .isInstanceOf(WrongCredentials.class);
            int wrongPassword = checks.getAndSet(0);
            assertThatThrownBy(
                            () -> counted.admin().logIn(new LogInAsAdmin.Command("nobody", Password.offered("wrong"))))
                    .isInstanceOf(WrongCredentials.class);
            int unknownName = checks.getAndSet(0);
            assertThat(unknownName)
                    .as("hashes for an unknown name, "
                            + configured.map(p -> "configured").orElse("generated"))
                    .isEqualTo(wrongPassword)
                    .isEqualTo(1);
        }
    }

    @Test
    public void without_a_configured_password_the_first_start_generates_one_and_only_its_hash_is_kept() {
        App generated = wire(
                freshPorts(),
                Clock.systemUTC(),
                new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30)));
        EnsureAdminAccount.Result first = generated.admin().ensure();
        String password = first.generatedPassword().orElseThrow();
        assertThat(password).hasSize(32);
        assertThat(generated
                        .ports()
                        .adminAccounts()
                        .passwordHash("admin")
                        .orElseThrow()
                        .encoded())
                .doesNotContain(password);
        assertThat(generated.admin().ensure().generatedPassword())
                .as("shown once, never again")
                .isEmpty();
        assertThat(generated
                        .admin()
                        .logIn(new LogInAsAdmin.Command("admin", Password.offered(password)))
                        .username())
                .isEqualTo("admin");
        assertThatThrownBy(() -> generated.admin().logIn(new LogInAsAdmin.Command("admin", Password.offered("guess"))))
                .isInstanceOf(WrongCredentials.class);
    }

    @Test
    public void an_admin_session_lives_until_sign_out_and_ends_only_the_session_signed_out() {
        app.admin().ensure();
        AdminCaller first = app.admin().logIn(new LogInAsAdmin.Command("root", Password.offered("configured-secret")));
        AdminCaller second = app.admin().logIn(new LogInAsAdmin.Command("root", Password.offered("configured-secret")));
        assertThat(app.admin().authenticate(first)).isEqualTo(first);

        app.admin().logOut(first);

        assertThatThrownBy(() -> app.admin().authenticate(first)).isInstanceOf(InvalidSession.class);
        assertThat(app.admin().authenticate(second)).isEqualTo(second);
        assertThatThrownBy(() -> app.admin().authenticate(new AdminCaller("someone-else", second.session())))
                .isInstanceOf(InvalidSession.class);
        assertThat(auditedActions()).contains(AuditAction.ADMIN_LOGGED_OUT);
    }

    @Test
    public void changing_the_generated_password_ends_every_admin_session() {
        App generated = wire(
                freshPorts(),
                Clock.systemUTC(),
                new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30)));
        String password = generated.admin().ensure().generatedPassword().orElseThrow();
        AdminCaller first = generated.admin().logIn(new LogInAsAdmin.Command("admin", Password.offered(password)));
        AdminCaller second = generated.admin().logIn(new LogInAsAdmin.Command("admin", Password.offered(password)));

        assertThatThrownBy(() -> generated
                        .admin()
                        .changePassword(new AdminSessions.ChangePassword(
                                first, Password.offered("not-the-password"), Password.chosen("a new admin password"))))
                .isInstanceOf(WrongCredentials.class);
        assertThat(generated.admin().authenticate(first)).isEqualTo(first);

        generated
                .admin()
                .changePassword(new AdminSessions.ChangePassword(
                        first, Password.offered(password), Password.chosen("a new admin password")));

        assertThatThrownBy(() -> generated.admin().authenticate(first)).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> generated.admin().authenticate(second)).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> generated.admin().logIn(new LogInAsAdmin.Command("admin", Password.offered(password))))
                .isInstanceOf(WrongCredentials.class);
        AdminCaller fresh =
                generated.admin().logIn(new LogInAsAdmin.Command("admin", Password.offered("a new admin password")));
        assertThat(generated.admin().authenticate(fresh)).isEqualTo(fresh);
        assertThat(generated.ports().audit().latest(10))
                .extracting(AuditEvent::action)
                .contains(AuditAction.ADMIN_PASSWORD_CHANGED);
    }

    @Test
    public void a_configured_password_is_changed_in_configuration_and_a_start_with_another_one_ends_the_old_sessions() {
        app.admin().ensure();
        AdminCaller before = app.admin().logIn(new LogInAsAdmin.Command("root", Password.offered("configured-secret")));
        assertThatThrownBy(() -> app.admin()
                        .changePassword(new AdminSessions.ChangePassword(
                                before, Password.offered("configured-secret"), Password.chosen("another password"))))
                .isInstanceOf(AdminPasswordConfigured.class);

        App sameConfiguration = wire(
                app.ports(),
                Clock.systemUTC(),
                new AdminAccountService.Settings(
                        "root", Optional.of(Password.offered("configured-secret")), Duration.ofMinutes(30)));
        sameConfiguration.admin().ensure();
        assertThat(sameConfiguration.admin().authenticate(before))
                .as("a restart alone ends nothing")
                .isEqualTo(before);

        App changedConfiguration = wire(
                app.ports(),
                Clock.systemUTC(),
                new AdminAccountService.Settings(
                        "root", Optional.of(Password.offered("rotated-secret")), Duration.ofMinutes(30)));
        changedConfiguration.admin().ensure();
        assertThatThrownBy(() -> changedConfiguration.admin().authenticate(before))
                .isInstanceOf(InvalidSession.class);
    }

    @Test
    public void refused_key_logins_are_audited_without_the_key_value() {
        String unknown = app.serverKeys()
                .create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("tmp")))
                .secret()
                .reveal();
        app.serverKeys()
                .delete(new ServerApiKeyCommand(
                        ADMIN, app.serverKeys().list(ADMIN).getFirst().id()));
        assertThatThrownBy(() -> logInWith(unknown)).isInstanceOf(ApiKeyLoginRefused.class);
        assertThatThrownBy(() -> logInWith("not-a-key")).isInstanceOf(ApiKeyLoginRefused.class);
        List<AuditEvent> events = app.ports().audit().latest(2);
        assertThat(events)
                .extracting(AuditEvent::target)
                .satisfiesExactly(
                        target -> assertThat(target).isEqualTo(AuditTarget.MALFORMED_KEY),
                        target -> assertThat(target).isInstanceOf(AuditTarget.UnknownKey.class));
        assertThat(app.ports().audit().latest(100))
                .allSatisfy(event ->
                        assertThat(event.toString()).doesNotContain(unknown).doesNotContain("not-a-key"));
    }

    /**
     * Refactor guard for the one place each service says which provider must be on: with {@code api-key} off, a user
     * key gets no new value (created or rolled) but can still be switched off and removed; server keys are managed as ever.
     */
    @Test
    public void with_the_api_key_provider_off_user_keys_get_no_new_values_and_server_keys_are_managed_as_ever() {
        app.registration().register(new RegisterUser.Command("ann@example.org", "secret-password"));
        OpenedSession ann = app.login()
                .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        CreatedApiKey phone =
                app.userKeys().create(new CreateUserApiKey.Command(ann.session(), new ApiKeyName("phone")));
        CreatedApiKey ci = serverKey("ci");
        app.providers().switchProvider(new SwitchAuthProvider.Command(ADMIN, AuthProvider.API_KEY, false));

        var phoneCommand = new dev.keyport.application.userkeys.port.in.UserApiKeyCommand(
                ann.session(), phone.key().id());
        assertThatThrownBy(() -> app.userKeys()
                        .roll(new dev.keyport.application.userkeys.port.in.RollUserApiKey.Command(
                                ann.session(), phone.key().id(), 0)))
                .isInstanceOf(ProviderDisabled.class);
        assertThat(app.userKeys().disable(phoneCommand).key().disabled()).isTrue();
        assertThat(app.userKeys().enable(phoneCommand).key().disabled()).isFalse();
        assertThat(app.userKeys().delete(phoneCommand).key().id())
                .isEqualTo(phone.key().id());

        CreatedApiKey rolled = app.serverKeys()
                .roll(new dev.keyport.application.serverkeys.port.in.RollServerApiKey.Command(
                        ADMIN, ci.key().id(), 0));
        assertThat(rolled.key().id()).isEqualTo(ci.key().id());
        assertThat(serverKey("cd").key().name().value()).isEqualTo("cd");
        assertThat(app.serverKeys()
                        .disable(new ServerApiKeyCommand(ADMIN, ci.key().id()))
                        .key()
                        .disabled())
                .isTrue();
    }

    /** A stored session opened with the key (as a key login once stored them), for the rules on ending sessions. */
    private void storedSessionOpenedWith(dev.keyport.domain.apikey.ApiKey key) {
        java.time.Instant now = java.time.Instant.now();
        java.util.Random random = new java.util.Random(7);
        app.ports().transactions().inTransaction(() -> {
            app.ports()
                    .sessions()
                    .add(dev.keyport.domain.session.Session.open(
                            SessionId.generate(now, random),
                            key.ownerId(),
                            dev.keyport.domain.id.DeviceId.generate(now, random),
                            dev.keyport.domain.secret.SecretDigest.of("refresh-" + key.id()),
                            Optional.of(key.id()),
                            now,
                            Duration.ofHours(1)));
            return null;
        });
    }

    /** One template (KeyChanges) for both kinds: a delete ends the key's stored sessions before the key goes, so it counts them. */
    @Test
    public void disabling_or_deleting_a_key_ends_its_stored_sessions_and_says_how_many_user_and_server_keys_alike() {
        CreatedApiKey server = serverKey("ci");
        storedSessionOpenedWith(server.key());
        assertThat(app.serverKeys()
                        .disable(new ServerApiKeyCommand(ADMIN, server.key().id()))
                        .endedSessions())
                .isEqualTo(1);
        storedSessionOpenedWith(server.key());
        assertThat(app.serverKeys()
                        .delete(new ServerApiKeyCommand(ADMIN, server.key().id()))
                        .endedSessions())
                .as("the server key's delete, as the user key's")
                .isEqualTo(1);

        app.registration().register(new RegisterUser.Command("ann@example.org", "secret-password"));
        OpenedSession ann = app.login()
                .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        CreatedApiKey phone =
                app.userKeys().create(new CreateUserApiKey.Command(ann.session(), new ApiKeyName("phone")));
        var command = new dev.keyport.application.userkeys.port.in.UserApiKeyCommand(
                ann.session(), phone.key().id());
        storedSessionOpenedWith(phone.key());
        assertThat(app.userKeys().disable(command).endedSessions()).isEqualTo(1);
        storedSessionOpenedWith(phone.key());
        assertThat(app.userKeys().delete(command).endedSessions()).isEqualTo(1);
        assertThat(app.ports().sessions().find(ann.session().sessionId()))
                .as("the password session stays")
                .isPresent();
    }

    /** Refactor guard: the audit entries of server keys and of a user's revoked sessions, as they read before the typed events. */
    @Test
    public void server_key_and_user_session_audit_entries_read_as_before() {
        CreatedApiKey created = serverKey("billing");
        var id = created.key().id();
        CreatedApiKey rolled = app.serverKeys()
                .roll(new dev.keyport.application.serverkeys.port.in.RollServerApiKey.Command(ADMIN, id, 3600));
        app.serverKeys().endGrace(new ServerApiKeyCommand(ADMIN, id));
        app.serverKeys().disable(new ServerApiKeyCommand(ADMIN, id));
        app.serverKeys().enable(new ServerApiKeyCommand(ADMIN, id));
        app.revocation()
                .revoke(new dev.keyport.application.sessions.port.in.RevokeUserSessions.Command(
                        ADMIN, created.key().ownerId()));
        app.serverKeys().delete(new ServerApiKeyCommand(ADMIN, id));
        String key = "key:" + id.value();
        assertThat(app.ports().audit().latest(100).reversed())
                .extracting(AdminUseCaseRules::line)
                .containsExactly(
                        "admin:root key.created " + key + " server key 'billing'",
                        "admin:root key.rolled " + key + " server key 'billing'; previous value accepted until "
                                + rolled.key().previousValue().orElseThrow().validUntil(),
                        "admin:root key.grace_ended " + key + " server key 'billing'",
                        "admin:root key.disabled " + key + " server key 'billing'",
                        "admin:root key.enabled " + key + " server key 'billing'",
                        "admin:root user.sessions_revoked user:"
                                + created.key().ownerId().value()
                                + " 0 stored sessions deleted, sessions of 1 keys ended",
                        "admin:root key.deleted " + key + " server key 'billing'");
    }

    private static String line(AuditEvent entry) {
        return entry.actor().label() + " " + entry.action().code() + " "
                + entry.target().label() + " " + entry.detail();
    }
}
