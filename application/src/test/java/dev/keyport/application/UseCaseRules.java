package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.registration.service.RegistrationService;
import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.LogInAnonymously;
import dev.keyport.application.sessions.port.in.LogInWithApiKey;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.sessions.port.in.RefreshCredential;
import dev.keyport.application.sessions.service.LoginService;
import dev.keyport.application.sessions.service.SessionPolicy;
import dev.keyport.application.sessions.service.SessionService;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.application.userkeys.port.in.RollUserApiKey;
import dev.keyport.application.userkeys.port.in.UserApiKeyCommand;
import dev.keyport.application.userkeys.service.UserApiKeyService;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.error.KeySessionForbidden;
import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.secret.RefreshToken;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The use cases wired to one family of driven adapters: the rules of user keys, sessions and login, run by
 * adapters-persistence on the in-memory store and on PostgreSQL.
 */
public abstract class UseCaseRules extends GraphSuite {
    /** A fresh, empty store of the adapter family under test. */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T12:00:00Z"));

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private RegistrationService registration;
    private LoginService login;
    private SessionService sessions;
    private UserApiKeyService keys;
    private App useCases;

    @BeforeEach
    public void wire() {
        App useCases = wire(
                freshPorts(),
                clock,
                new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30)));
        registration = useCases.registration();
        login = useCases.login();
        sessions = useCases.sessions();
        keys = useCases.userKeys();
        this.useCases = useCases;
    }

    private OpenedSession registeredAndLoggedIn(String email) {
        registration.register(new RegisterUser.Command(email, "secret-password"));
        return login.logIn(new LogInWithPassword.Command(email, "secret-password", DeviceHint.none()));
    }

    @Test
    public void register_then_log_in_and_refuse_wrong_passwords_and_duplicates() {
        OpenedSession opened = registeredAndLoggedIn("ann@example.org");
        assertThat(sessions.authenticate(opened.credential())).isEqualTo(opened.session());
        assertThatThrownBy(
                        () -> login.logIn(new LogInWithPassword.Command("ann@example.org", "nope", DeviceHint.none())))
                .isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(
                        () -> login.logIn(new LogInWithPassword.Command("bob@example.org", "nope", DeviceHint.none())))
                .isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(() -> registration.register(new RegisterUser.Command("ANN@example.org", "other-password")))
                .isInstanceOf(EmailAlreadyRegistered.class);
    }

    @Test
    public void a_login_with_a_hash_of_an_older_scheme_rehashes_it_with_the_current_one() {
        DrivenPorts ports = freshPorts();
        App before = wire(
                ports,
                clock,
                new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30)),
                new FastTestPasswordHasher("pbkdf2"));
        App after = wire(
                ports,
                clock,
                new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30)),
                new FastTestPasswordHasher("argon2id"));
        before.registration().register(new RegisterUser.Command("ann@example.org", "secret-password"));
        Email ann = new Email("ann@example.org");
        assertThat(ports.users()
                        .findPasswordAccount(ann)
                        .orElseThrow()
                        .passwordHash()
                        .encoded())
                .startsWith("pbkdf2$");

        assertThatThrownBy(() -> after.login()
                        .logIn(new LogInWithPassword.Command("ann@example.org", "wrong", DeviceHint.none())))
                .isInstanceOf(WrongCredentials.class);
        assertThat(ports.users()
                        .findPasswordAccount(ann)
                        .orElseThrow()
                        .passwordHash()
                        .encoded())
                .as("a wrong password upgrades nothing")
                .startsWith("pbkdf2$");

        after.login().logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        assertThat(ports.users()
                        .findPasswordAccount(ann)
                        .orElseThrow()
                        .passwordHash()
                        .encoded())
                .startsWith("argon2id$");
        assertThat(after.login()
                        .logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()))
                        .session()
                        .userId())
                .isEqualTo(ports.users().findPasswordAccount(ann).orElseThrow().userId());
        assertThatThrownBy(() -> after.login()
                        .logIn(new LogInWithPassword.Command("ann@example.org", "wrong", DeviceHint.none())))
                .isInstanceOf(WrongCredentials.class);
    }

    @Test
    public void a_key_logs_in_as_its_owner_until_disabled_and_its_sessions_are_revoked() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("device")));
        OpenedSession viaKey =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        assertThat(viaKey.session().userId()).isEqualTo(owner.session().userId());
        assertThat(sessions.profile(viaKey.session()).loggedInWith())
                .contains(created.key().id());

        assertThat(keys.disable(new UserApiKeyCommand(
                                owner.session(), created.key().id()))
                        .key()
                        .disabled())
                .isTrue();
        assertThatThrownBy(() -> sessions.authenticate(viaKey.credential())).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);

        keys.enable(new UserApiKeyCommand(owner.session(), created.key().id()));
        OpenedSession again =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        assertThat(keys.delete(new UserApiKeyCommand(
                                owner.session(), created.key().id()))
                        .key()
                        .id())
                .isEqualTo(created.key().id());
        assertThatThrownBy(() -> sessions.authenticate(again.credential())).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);
    }

    @Test
    public void a_session_opened_with_a_key_cannot_manage_keys_and_changes_nothing() {
        // Least privilege (issue 23): a leaked key's session must not mint keys that outlive it, nor roll,
        // disable or delete the owner's keys. The owner manages keys from a password session.
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey device = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("device")));
        CreatedApiKey other = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("other")));
        OpenedSession viaKey =
                login.logIn(new LogInWithApiKey.Command(device.secret().reveal(), DeviceHint.none()));
        Caller keySession = viaKey.session();

        assertThatThrownBy(() -> keys.create(new CreateUserApiKey.Command(keySession, new ApiKeyName("minted"))))
                .isInstanceOf(KeySessionForbidden.class);
        for (var key : java.util.List.of(device.key().id(), other.key().id())) {
            UserApiKeyCommand fromKeySession = new UserApiKeyCommand(keySession, key);
            assertThatThrownBy(() -> keys.disable(fromKeySession)).isInstanceOf(KeySessionForbidden.class);
            assertThatThrownBy(() -> keys.enable(fromKeySession)).isInstanceOf(KeySessionForbidden.class);
            assertThatThrownBy(() -> keys.delete(fromKeySession)).isInstanceOf(KeySessionForbidden.class);
            assertThatThrownBy(() -> keys.endGrace(fromKeySession)).isInstanceOf(KeySessionForbidden.class);
            assertThatThrownBy(() -> keys.roll(new RollUserApiKey.Command(keySession, key, 0)))
                    .isInstanceOf(KeySessionForbidden.class);
        }
        assertThat(keys.list(owner.session()))
                .as("nothing changed")
                .extracting(key -> key.name().value(), key -> key.disabled())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("device", false),
                        org.assertj.core.groups.Tuple.tuple("other", false));
        assertThat(keys.list(keySession)).as("reading is allowed").hasSize(2);
        assertThat(login.logIn(new LogInWithApiKey.Command(other.secret().reveal(), DeviceHint.none())))
                .isNotNull();
        assertThat(sessions.authenticate(viaKey.credential()))
                .as("the key session lives on")
                .isEqualTo(keySession);

        assertThat(keys.disable(new UserApiKeyCommand(
                                owner.session(), device.key().id()))
                        .key()
                        .disabled())
                .isTrue();
        assertThatThrownBy(() -> sessions.authenticate(viaKey.credential()))
                .as("the owner's disable ends the key's sessions")
                .isInstanceOf(InvalidSession.class);
    }

    @Test
    public void the_api_key_providers_setting_lets_key_sessions_manage_keys_as_app_services_did() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey device = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("device")));
        ProviderSetting apiKey = useCases.ports().providers().setting(AuthProvider.API_KEY);
        java.util.Map<String, Object> config = new java.util.HashMap<>(apiKey.config());
        config.put(ProviderSetting.KEY_SESSIONS_MANAGE_KEYS_SETTING, true);
        useCases.ports().transactions().inTransaction(() -> {
            useCases.ports().providers().save(new ProviderSetting(AuthProvider.API_KEY, apiKey.disabled(), config));
            return null;
        });
        OpenedSession viaKey =
                login.logIn(new LogInWithApiKey.Command(device.secret().reveal(), DeviceHint.none()));
        CreatedApiKey minted = keys.create(new CreateUserApiKey.Command(viaKey.session(), new ApiKeyName("minted")));
        assertThat(keys.disable(new UserApiKeyCommand(
                                viaKey.session(), device.key().id()))
                        .key()
                        .disabled())
                .isTrue();
        assertThatThrownBy(() -> sessions.authenticate(viaKey.credential())).isInstanceOf(InvalidSession.class);
        assertThat(keys.list(owner.session()))
                .extracting(key -> key.name().value())
                .containsExactlyInAnyOrder("device", "minted");
        assertThat(minted.key().disabled()).isFalse();
    }

    @Test
    public void a_roll_without_grace_ends_the_old_values_sessions_at_once_and_the_new_values_live() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("leaked")));
        OpenedSession attacker =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));

        CreatedApiKey rolled = keys.roll(
                new RollUserApiKey.Command(owner.session(), created.key().id(), 0));
        assertThatThrownBy(() -> sessions.authenticate(attacker.credential())).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> sessions.logOut(attacker.credential())).isInstanceOf(InvalidSession.class);
        OpenedSession device =
                login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none()));
        assertThat(sessions.authenticate(device.credential())).isEqualTo(device.session());
    }

    @Test
    public void the_old_values_sessions_live_through_the_grace_and_end_with_it_the_new_values_do_not() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("fleet")));
        OpenedSession before =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));

        CreatedApiKey rolled = keys.roll(
                new RollUserApiKey.Command(owner.session(), created.key().id(), 3600));
        OpenedSession oldDuringGrace =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        OpenedSession newValue =
                login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none()));
        assertThat(sessions.authenticate(before.credential()))
                .as("during the grace")
                .isEqualTo(before.session());
        assertThat(sessions.authenticate(oldDuringGrace.credential())).isEqualTo(oldDuringGrace.session());

        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThatThrownBy(() -> sessions.authenticate(before.credential()))
                .as("after the grace")
                .isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> sessions.authenticate(oldDuringGrace.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThat(sessions.authenticate(newValue.credential())).isEqualTo(newValue.session());
    }

    @Test
    public void the_owner_may_end_the_grace_early_and_the_old_values_sessions_end_with_it() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("fleet")));
        OpenedSession old =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        CreatedApiKey rolled = keys.roll(
                new RollUserApiKey.Command(owner.session(), created.key().id(), 3600));
        OpenedSession fresh =
                login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none()));

        keys.endGrace(new UserApiKeyCommand(owner.session(), created.key().id()));
        assertThatThrownBy(() -> sessions.authenticate(old.credential())).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);
        assertThat(sessions.authenticate(fresh.credential())).isEqualTo(fresh.session());
    }

    @Test
    public void disabling_during_a_grace_ends_the_sessions_of_both_values_for_good() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("fleet")));
        CreatedApiKey rolled = keys.roll(
                new RollUserApiKey.Command(owner.session(), created.key().id(), 3600));
        OpenedSession old =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        OpenedSession fresh =
                login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none()));

        keys.disable(new UserApiKeyCommand(owner.session(), created.key().id()));
        keys.enable(new UserApiKeyCommand(owner.session(), created.key().id()));
        assertThatThrownBy(() -> sessions.authenticate(old.credential())).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> sessions.authenticate(fresh.credential())).isInstanceOf(InvalidSession.class);
        OpenedSession oldAgain =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        assertThat(sessions.authenticate(oldAgain.credential()))
                .as("the grace goes on after re-enabling")
                .isEqualTo(oldAgain.session());
        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThatThrownBy(() -> sessions.authenticate(oldAgain.credential())).isInstanceOf(InvalidSession.class);
    }

    @Test
    public void logouts_past_the_bound_end_every_session_of_the_key_and_forget_its_records() {
        App bounded = boundedTo(3);
        bounded.registration().register(new RegisterUser.Command("bea@example.org", "secret-password"));
        OpenedSession owner = bounded.login()
                .logIn(new LogInWithPassword.Command("bea@example.org", "secret-password", DeviceHint.none()));
        CreatedApiKey created =
                bounded.userKeys().create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("k")));
        LogInWithApiKey.Command withKey =
                new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none());
        OpenedSession bystander = bounded.login().logIn(withKey);
        for (int i = 0; i < 3; i++) {
            OpenedSession loop = bounded.login().logIn(withKey);
            bounded.sessions().logOut(loop.credential());
            assertThatThrownBy(() -> bounded.sessions().authenticate(loop.credential()))
                    .isInstanceOf(InvalidSession.class);
        }
        assertThat(useCases.ports().endedSessions().countOf(created.key().id())).isEqualTo(3);
        assertThat(bounded.sessions().authenticate(bystander.credential())).isEqualTo(bystander.session());

        OpenedSession fourth = bounded.login().logIn(withKey);
        bounded.sessions().logOut(fourth.credential());
        assertThatThrownBy(() -> bounded.sessions().authenticate(fourth.credential()))
                .isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> bounded.sessions().authenticate(bystander.credential()))
                .as("past the bound, every session of the key ended")
                .isInstanceOf(InvalidSession.class);
        assertThat(useCases.ports().endedSessions().countOf(created.key().id()))
                .as("and its records are forgotten")
                .isZero();
        assertThat(bounded.userKeys()
                        .get(new UserApiKeyCommand(
                                owner.session(), created.key().id()))
                        .disabled())
                .as("the key itself is untouched")
                .isFalse();
        OpenedSession after = bounded.login().logIn(withKey);
        assertThat(bounded.sessions().authenticate(after.credential())).isEqualTo(after.session());
    }

    @Test
    public void anonymous_users_cannot_own_keys_and_nothing_is_created() {
        OpenedSession anonymous = login.logIn(new LogInAnonymously.Command(DeviceHint.none()));
        assertThatThrownBy(() -> keys.create(new CreateUserApiKey.Command(anonymous.session(), new ApiKeyName("k"))))
                .isInstanceOf(OwnerCannotHoldKeys.class);
        assertThat(keys.list(anonymous.session())).isEmpty();
    }

    @Test
    public void sessions_expire_after_their_lifetime_and_logout_ends_them() {
        OpenedSession opened = registeredAndLoggedIn("ann@example.org");
        Caller caller = sessions.authenticate(opened.credential());
        assertThat(caller.userId()).isEqualTo(opened.session().userId());
        now.set(now.get().plus(Duration.ofDays(61)));
        assertThatThrownBy(() -> sessions.authenticate(opened.credential())).isInstanceOf(InvalidSession.class);

        OpenedSession fresh =
                login.logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        sessions.logOut(fresh.credential());
        assertThatThrownBy(() -> sessions.logOut(fresh.credential()))
                .isInstanceOf(InvalidSession.class)
                .hasMessage("no session has this refresh token");
        assertThatThrownBy(() ->
                        sessions.authenticate(new RefreshCredential.StoredSession(RefreshToken.presented("forged"))))
                .isInstanceOf(InvalidSession.class);
    }

    @Test
    public void purging_deletes_expired_sessions_only() {
        OpenedSession old = registeredAndLoggedIn("ann@example.org");
        now.set(now.get().plus(Duration.ofDays(61)));
        OpenedSession current =
                login.logIn(new LogInWithPassword.Command("ann@example.org", "secret-password", DeviceHint.none()));
        assertThat(sessions.purge()).isEqualTo(1);
        assertThat(sessions.purge()).isZero();
        assertThat(sessions.authenticate(current.credential()).sessionId())
                .isEqualTo(current.session().sessionId());
        assertThatThrownBy(() -> sessions.logOut(old.credential()))
                .as("the expired session is gone, not just refused")
                .isInstanceOf(InvalidSession.class)
                .hasMessage("no session has this refresh token");
    }

    // --- key expiry (issue 14) ---------------------------------------------------------------------

    private static final dev.keyport.application.admin.port.in.AdminCaller ADMIN =
            new dev.keyport.application.admin.port.in.AdminCaller(
                    "admin", dev.keyport.domain.id.SessionId.generate(Instant.EPOCH, new java.util.Random(7)));

    private CreatedApiKey userKey(OpenedSession owner, String name, dev.keyport.domain.apikey.RequestedExpiry expiry) {
        return keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName(name), expiry));
    }

    @Test
    public void an_expired_key_logs_nobody_in_and_its_sessions_end_but_its_record_stays() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = userKey(owner, "week", new dev.keyport.domain.apikey.RequestedExpiry.InDays(7));
        Instant expiry = now.get().plus(Duration.ofDays(7));
        assertThat(created.key().expiresAt()).contains(expiry);
        OpenedSession viaKey =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));

        now.set(expiry.minusSeconds(1));
        assertThat(sessions.authenticate(viaKey.credential()).userId())
                .isEqualTo(owner.session().userId());
        now.set(expiry);
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .as("the same answer as any refused key")
                .isInstanceOf(ApiKeyLoginRefused.class);
        assertThatThrownBy(() -> sessions.authenticate(viaKey.credential())).isInstanceOf(InvalidSession.class);
        assertThat(keys.list(owner.session())).singleElement().satisfies(key -> {
            assertThat(key.expiresAt()).contains(expiry);
            assertThat(key.isExpired(now.get())).isTrue();
        });
        assertThat(useCases.ports().audit().latest(10))
                .anySatisfy(event -> assertThat(event.detail()).isEqualTo("key expired"));
        // re-enabling does not revive an expired key
        keys.enable(new UserApiKeyCommand(owner.session(), created.key().id()));
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);
    }

    @Test
    public void an_expiry_in_the_past_or_beyond_the_maximum_is_refused_and_creates_nothing() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        useCases.providers()
                .limit(new dev.keyport.application.providers.port.in.LimitKeyLifetimes.Command(
                        ADMIN, new dev.keyport.domain.apikey.KeyLifetimes(Optional.of(30L), Optional.empty())));

        assertThatThrownBy(() -> userKey(
                        owner,
                        "past",
                        new dev.keyport.domain.apikey.RequestedExpiry.At(
                                now.get().minusSeconds(1))))
                .isInstanceOf(dev.keyport.domain.error.InvalidParameter.class)
                .hasMessage("expires_at must be in the future");
        assertThatThrownBy(() -> userKey(owner, "long", new dev.keyport.domain.apikey.RequestedExpiry.InDays(31)))
                .isInstanceOf(dev.keyport.domain.error.InvalidParameter.class)
                .hasMessage("expires_in_days is beyond the longest lifetime allowed for user keys (30 days)");
        assertThatThrownBy(() -> userKey(owner, "zero", new dev.keyport.domain.apikey.RequestedExpiry.InDays(0)))
                .isInstanceOf(dev.keyport.domain.error.InvalidParameter.class);
        assertThat(keys.list(owner.session())).isEmpty();

        assertThat(userKey(owner, "month", new dev.keyport.domain.apikey.RequestedExpiry.InDays(30))
                        .key()
                        .expiresAt())
                .contains(now.get().plus(Duration.ofDays(30)));
        assertThat(userKey(owner, "default", dev.keyport.domain.apikey.RequestedExpiry.NONE)
                        .key()
                        .expiresAt())
                .as("a key asked for without expiry gets the maximum")
                .contains(now.get().plus(Duration.ofDays(30)));
        assertThat(useCases.serverKeys()
                        .create(new dev.keyport.application.serverkeys.port.in.CreateServerApiKey.Command(
                                ADMIN, new ApiKeyName("ci")))
                        .key()
                        .expiresAt())
                .as("server keys have no limit here")
                .isEmpty();
    }

    @Test
    public void the_server_key_limit_applies_to_server_keys_and_an_expired_server_key_is_refused() {
        useCases.providers()
                .limit(new dev.keyport.application.providers.port.in.LimitKeyLifetimes.Command(
                        ADMIN, new dev.keyport.domain.apikey.KeyLifetimes(Optional.empty(), Optional.of(90L))));
        assertThatThrownBy(() -> useCases.serverKeys()
                        .create(new dev.keyport.application.serverkeys.port.in.CreateServerApiKey.Command(
                                ADMIN,
                                new ApiKeyName("forever"),
                                new dev.keyport.domain.apikey.RequestedExpiry.At(
                                        now.get().plus(Duration.ofDays(91))))))
                .isInstanceOf(dev.keyport.domain.error.InvalidParameter.class)
                .hasMessage("expires_at is beyond the longest lifetime allowed for server keys (90 days)");
        CreatedApiKey ci = useCases.serverKeys()
                .create(new dev.keyport.application.serverkeys.port.in.CreateServerApiKey.Command(
                        ADMIN, new ApiKeyName("ci"), new dev.keyport.domain.apikey.RequestedExpiry.InDays(1)));
        OpenedSession session =
                login.logIn(new LogInWithApiKey.Command(ci.secret().reveal(), DeviceHint.none()));
        now.set(now.get().plus(Duration.ofDays(1)));
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(ci.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);
        assertThatThrownBy(() -> sessions.authenticate(session.credential())).isInstanceOf(InvalidSession.class);
        assertThat(useCases.providers().list())
                .filteredOn(setting -> setting.provider() == dev.keyport.domain.user.AuthProvider.API_KEY)
                .singleElement()
                .satisfies(setting ->
                        assertThat(setting.keyLifetimes().serverKeyMaxDays()).contains(90L));
    }

    // --- rolling (issue 14) ----------------------------------------------------------------------------

    @Test
    public void a_rolled_key_takes_its_new_value_and_keeps_the_old_one_for_the_grace_period_only() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("device")));
        OpenedSession before =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));

        CreatedApiKey rolled = keys.roll(new dev.keyport.application.userkeys.port.in.RollUserApiKey.Command(
                owner.session(), created.key().id(), 3600));
        assertThat(rolled.key().id()).isEqualTo(created.key().id());
        assertThat(rolled.key().name()).isEqualTo(created.key().name());
        assertThat(rolled.secret().reveal()).isNotEqualTo(created.secret().reveal());
        assertThat(rolled.key().graceUntil(now.get()))
                .contains(now.get().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        OpenedSession viaNew =
                login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none()));
        OpenedSession viaOld =
                login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none()));
        assertThat(sessions.authenticate(before.credential()).userId())
                .as("sessions survive the roll")
                .isEqualTo(owner.session().userId());

        now.set(now.get().plusSeconds(3600));
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .as("the old value after its grace")
                .isInstanceOf(ApiKeyLoginRefused.class);
        assertThat(login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none())))
                .isNotNull();
        assertThat(useCases.ports().audit().latest(10))
                .anySatisfy(event ->
                        assertThat(event.detail()).isEqualTo("previous value of a rolled key, after its grace period"));

        // both values' sessions end with the key
        keys.disable(new UserApiKeyCommand(owner.session(), created.key().id()));
        assertThatThrownBy(() -> sessions.authenticate(viaNew.credential())).isInstanceOf(InvalidSession.class);
        assertThatThrownBy(() -> sessions.authenticate(viaOld.credential())).isInstanceOf(InvalidSession.class);
    }

    @Test
    public void a_roll_without_grace_stops_the_old_value_at_once_and_a_longer_grace_than_allowed_is_refused() {
        OpenedSession owner = registeredAndLoggedIn("ann@example.org");
        CreatedApiKey created = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("device")));
        assertThatThrownBy(() -> keys.roll(new dev.keyport.application.userkeys.port.in.RollUserApiKey.Command(
                        owner.session(), created.key().id(), 24 * 3600 + 1)))
                .isInstanceOf(dev.keyport.domain.error.InvalidParameter.class)
                .hasMessage(
                        "grace_period_seconds must be from 0 to 86400 (the longest grace period allowed, 24 hours)");
        assertThat(login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .as("a refused roll changes nothing")
                .isNotNull();

        CreatedApiKey rolled = keys.roll(new dev.keyport.application.userkeys.port.in.RollUserApiKey.Command(
                owner.session(), created.key().id(), 0));
        assertThat(rolled.key().previousValue()).isEmpty();
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(created.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);
        assertThat(login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none())))
                .isNotNull();
    }

    @Test
    public void an_admin_ends_a_grace_early_and_rolls_server_keys_within_the_configured_maximum() {
        useCases.providers()
                .limit(new dev.keyport.application.providers.port.in.LimitKeyLifetimes.Command(
                        ADMIN,
                        new dev.keyport.domain.apikey.KeyLifetimes(
                                Optional.empty(), Optional.empty(), Optional.of(48L))));
        CreatedApiKey ci = useCases.serverKeys()
                .create(new dev.keyport.application.serverkeys.port.in.CreateServerApiKey.Command(
                        ADMIN, new ApiKeyName("ci")));
        CreatedApiKey rolled = useCases.serverKeys()
                .roll(new dev.keyport.application.serverkeys.port.in.RollServerApiKey.Command(
                        ADMIN, ci.key().id(), 48 * 3600));
        assertThat(login.logIn(new LogInWithApiKey.Command(ci.secret().reveal(), DeviceHint.none())))
                .isNotNull();

        useCases.serverKeys()
                .endGrace(new dev.keyport.application.serverkeys.port.in.ServerApiKeyCommand(
                        ADMIN, ci.key().id()));
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(ci.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);
        assertThat(login.logIn(new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none())))
                .isNotNull();
        assertThat(useCases.ports()
                        .apiKeys()
                        .findByDigest(dev.keyport.domain.secret.ApiKeySecret.parse(
                                        ci.secret().reveal())
                                .orElseThrow()
                                .digest()))
                .as("the old value is forgotten")
                .isEmpty();

        OpenedSession owner = registeredAndLoggedIn("bob@example.org");
        CreatedApiKey userKey = keys.create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("laptop")));
        keys.roll(new dev.keyport.application.userkeys.port.in.RollUserApiKey.Command(
                owner.session(), userKey.key().id(), 600));
        assertThat(login.logIn(new LogInWithApiKey.Command(userKey.secret().reveal(), DeviceHint.none())))
                .isNotNull();
        keys.endGrace(new dev.keyport.application.userkeys.port.in.AdminUserApiKeyCommand(
                ADMIN, owner.session().userId(), userKey.key().id()));
        assertThatThrownBy(() ->
                        login.logIn(new LogInWithApiKey.Command(userKey.secret().reveal(), DeviceHint.none())))
                .isInstanceOf(ApiKeyLoginRefused.class);
    }

    /** Refactor guard: the audit entries of a user key's lifecycle, a key login and a logout sweep, as they read before. */
    @Test
    public void user_key_audit_entries_read_as_before() {
        App bounded = boundedTo(1);
        bounded.registration().register(new RegisterUser.Command("cy@example.org", "secret-password"));
        OpenedSession owner = bounded.login()
                .logIn(new LogInWithPassword.Command("cy@example.org", "secret-password", DeviceHint.none()));
        String user = owner.session().userId().value();
        CreatedApiKey created =
                bounded.userKeys().create(new CreateUserApiKey.Command(owner.session(), new ApiKeyName("tab")));
        tick();
        UserApiKeyCommand command =
                new UserApiKeyCommand(owner.session(), created.key().id());
        CreatedApiKey rolled = bounded.userKeys()
                .roll(new RollUserApiKey.Command(owner.session(), created.key().id(), 60));
        tick();
        bounded.userKeys().endGrace(command);
        tick();
        LogInWithApiKey.Command withKey =
                new LogInWithApiKey.Command(rolled.secret().reveal(), DeviceHint.none());
        OpenedSession first = bounded.login().logIn(withKey);
        tick();
        bounded.sessions().logOut(first.credential());
        tick();
        OpenedSession second = bounded.login().logIn(withKey);
        tick();
        bounded.sessions().logOut(second.credential()); // past the bound of 1: every session of the key ends
        tick();
        bounded.userKeys().disable(command);
        tick();
        bounded.userKeys().enable(command);
        tick();
        bounded.userKeys().delete(command);
        tick();
        String key = "key:" + created.key().id().value();
        String named = " user key 'tab' of user " + user;
        assertThat(useCases.ports().audit().latest(100).reversed())
                .extracting(entry -> entry.actor().label() + " "
                        + entry.action().code() + " " + entry.target().label() + " " + entry.detail())
                .containsExactly(
                        "user:" + user + " key.created " + key + named,
                        "user:" + user + " key.rolled " + key + named + "; previous value accepted until "
                                + rolled.key().previousValue().orElseThrow().validUntil(),
                        "user:" + user + " key.grace_ended " + key + named,
                        "client key.login_succeeded " + key + " session for user " + user,
                        "client key.login_succeeded " + key + " session for user " + user,
                        "client key.sessions_ended " + key
                                + " every session of the key ended: 1 of its sessions were logged out one by one",
                        "user:" + user + " key.disabled " + key + named,
                        "user:" + user + " key.enabled " + key + named,
                        "user:" + user + " key.deleted " + key + named);
    }

    /** One instant per step: the trail lists by time, and a login's entry is written later, in a batch. */
    private void tick() {
        now.updateAndGet(at -> at.plusSeconds(1));
    }

    /** The use cases over the same store, remembering at most {@code maxEndedPerKey} logged-out sessions of a key. */
    private App boundedTo(int maxEndedPerKey) {
        return wire(
                useCases.ports(),
                clock,
                new AdminAccountService.Settings("admin", Optional.empty(), Duration.ofMinutes(30)),
                new FastTestPasswordHasher(),
                new SessionPolicy(Duration.ofDays(60), maxEndedPerKey));
    }
}
