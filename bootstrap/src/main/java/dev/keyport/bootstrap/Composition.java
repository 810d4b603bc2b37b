package dev.keyport.bootstrap;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.admin.accounts.AccountsAdminController;
import dev.keyport.adapter.rest.admin.audit.AuditController;
import dev.keyport.adapter.rest.admin.providers.ProvidersController;
import dev.keyport.adapter.rest.admin.serverkeys.ServerKeysController;
import dev.keyport.adapter.rest.admin.sessions.AdminSessionsController;
import dev.keyport.adapter.rest.admin.signingkeys.SigningKeysController;
import dev.keyport.adapter.rest.admin.users.UsersController;
import dev.keyport.adapter.rest.admin.webhooks.WebhooksController;
import dev.keyport.adapter.rest.client.ClientApp;
import dev.keyport.adapter.rest.client.accounts.AccountController;
import dev.keyport.adapter.rest.client.introspection.IntrospectionController;
import dev.keyport.adapter.rest.client.registration.RegistrationController;
import dev.keyport.adapter.rest.client.sessions.ClientSessionsController;
import dev.keyport.adapter.rest.client.userkeys.UserKeysController;
import dev.keyport.adapter.rest.discovery.DiscoveryController;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.adapter.schedule.Jobs;
import dev.keyport.adapter.startup.StartUp;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.UseCases;
import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.application.accounts.port.out.MailSender;
import dev.keyport.application.accounts.service.AccountService;
import dev.keyport.application.accounts.service.ConfirmationAndResetService;
import dev.keyport.application.accounts.service.MailService;
import dev.keyport.application.accounts.service.PendingAwareLogin;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.audit.service.AuditTrailService;
import dev.keyport.application.customtoken.port.out.CustomTokenSignatures;
import dev.keyport.application.customtoken.service.CustomTokenService;
import dev.keyport.application.introspection.service.CallerRateLimit;
import dev.keyport.application.introspection.service.IntrospectionService;
import dev.keyport.application.providers.service.ProviderService;
import dev.keyport.application.registration.service.RegistrationService;
import dev.keyport.application.serverkeys.service.ServerApiKeyService;
import dev.keyport.application.sessions.service.LoginService;
import dev.keyport.application.sessions.service.LoginThrottle;
import dev.keyport.application.sessions.service.SessionPolicy;
import dev.keyport.application.sessions.service.SessionRevocationService;
import dev.keyport.application.sessions.service.SessionService;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.signingkeys.service.AccessTokenKeyService;
import dev.keyport.application.signingkeys.service.TokenKeyService;
import dev.keyport.application.userkeys.service.UserApiKeyService;
import dev.keyport.application.users.service.UserLookupService;
import dev.keyport.application.webhooks.port.out.WebhookSender;
import dev.keyport.application.webhooks.service.KeyExpiryNoticeService;
import dev.keyport.application.webhooks.service.NotifyingAuditTrail;
import dev.keyport.application.webhooks.service.WebhookService;
import dev.keyport.domain.user.Password;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The composition root: the whole object graph of Keyport, built by one plain method, {@link #compose},
 * read top to bottom. It takes the driven adapters (the store's ports and the few adapters that are not
 * the store's) and the typed settings, and builds the event decorator, every application service, and
 * what the REST adapter needs to issue and check tokens. Production ({@code KeyportBeans}, which only hands
 * the result to Micronaut) and the tests call this same method, so they run one graph; a test swaps an
 * adapter by passing another one in {@link DrivenAdapters}, never by building services itself.
 *
 * <p>Which controller uses which use case is stated where the controllers receive them; which use case
 * each service implements is stated by the service's {@code implements} clause.
 */
public record Composition(
        UseCases useCases,
        Routes routes,
        NotifyingAuditTrail events,
        TokenSettings tokenSettings,
        SignedTokens tokens,
        Issuer issuer,
        ThrottleKeys throttleKeys,
        AdminCallers adminCallers,
        ClientApp clientApp,
        Jobs jobs,
        StartUp startUp) {

    /**
     * Every driven adapter the graph needs: the store's ports (PostgreSQL or in-memory, {@link DrivenPorts}),
     * the password hasher (its own bounded pool in production) and the admin account's (a lane of its own,
     * {@code BoundedPasswordHasher.operatorLane}), the sealer of secrets at rest, what posts
     * webhooks, the clock, the randomness, and the JCA provider that signs access tokens.
     */
    public record DrivenAdapters(
            DrivenPorts store,
            PasswordHasher passwords,
            PasswordHasher adminPasswords,
            SecretSealer sealer,
            WebhookSender webhookSender,
            Clock clock,
            RandomGenerator random,
            Provider signatures,
            Consumer<String> warnings,
            CustomTokenSignatures customTokenSignatures,
            Optional<MailSender> mailSender,
            AccountCallbacks accountCallbacks) {}

    public static Composition compose(DrivenAdapters adapters, KeyportSettings settings) {
        Clock clock = adapters.clock();
        RandomGenerator random = adapters.random();
        PasswordHasher hasher = adapters.passwords();
        KeyportSettings.Sessions sessionSettings = settings.sessions();
        KeyportSettings.Webhooks webhookSettings = settings.webhooks();

        // ------------------------------------------------------------ events: the store's audit trail, also feeding
        // webhooks
        DrivenPorts store = adapters.store();
        NotifyingAuditTrail events = new NotifyingAuditTrail(
                store.audit(),
                store.webhookEndpoints(),
                store.webhookOutbox(),
                store.transactions(),
                random,
                webhookSettings.refusedLoginEvery(),
                webhookSettings.maxPendingPerEndpoint(),
                new OutboxFullLog(webhookSettings.maxPendingPerEndpoint(), adapters.warnings()));
        DrivenPorts ports = store.withAudit(events);

        // ------------------------------------------------------------ sessions and logins
        SessionPolicy policy =
                new SessionPolicy(sessionSettings.refreshTokenLifetime(), sessionSettings.maxEndedSessionsPerKey());
        RegistrationService registration = new RegistrationService(
                ports.users(), ports.providers(), hasher, ports.transactions(), ports.audit(), clock, random);
        LoginService login = new LoginService(
                ports.users(),
                ports.apiKeys(),
                ports.keyUsage(),
                ports.sessions(),
                ports.providers(),
                ports.audit(),
                hasher,
                ports.transactions(),
                clock,
                random,
                policy);
        KeyportSettings.LoginThrottle throttle = settings.loginThrottle();
        LoginThrottle loginThrottle = new LoginThrottle(
                new LoginThrottle.Settings(throttle.enabled(), throttle.maxFailures(), throttle.window()),
                ports.loginFailures(),
                System::nanoTime);
        SessionService sessions = new SessionService(
                ports.sessions(),
                ports.endedSessions(),
                ports.apiKeys(),
                ports.serverKeys(),
                ports.users(),
                ports.transactions(),
                ports.audit(),
                policy,
                clock);
        SessionRevocationService revocation = new SessionRevocationService(
                ports.users(),
                ports.apiKeys(),
                ports.serverKeys(),
                ports.sessions(),
                ports.transactions(),
                ports.audit(),
                clock);

        // ------------------------------------------------------------ API keys, providers, users, audit
        UserApiKeyService userKeys = new UserApiKeyService(
                ports.users(),
                ports.apiKeys(),
                ports.sessions(),
                ports.transactions(),
                ports.providers(),
                ports.audit(),
                clock,
                random);
        ServerApiKeyService serverKeys = new ServerApiKeyService(
                ports.users(),
                ports.serverKeys(),
                ports.sessions(),
                ports.transactions(),
                ports.providers(),
                ports.audit(),
                clock,
                random);
        ProviderService providers = new ProviderService(
                ports.providers(),
                ports.providerSecrets(),
                adapters.sealer(),
                ports.transactions(),
                ports.audit(),
                clock);

        // ------------------------------------------------------------ custom-token logins (issue 28, ADR 0024)
        CustomTokenService customTokens = new CustomTokenService(
                ports.providers(),
                ports.providerSecrets(),
                adapters.sealer(),
                adapters.customTokenSignatures(),
                ports.externalIdentities(),
                ports.users(),
                ports.sessions(),
                ports.transactions(),
                ports.audit(),
                clock,
                random,
                policy);
        KeyportSettings.IntrospectionThrottle introspectionLimit = settings.introspectionThrottle();
        IntrospectionService introspection = new IntrospectionService(
                ports.apiKeys(),
                ports.keyUsage(),
                ports.users(),
                ports.providers(),
                clock,
                new CallerRateLimit(
                        new CallerRateLimit.Settings(
                                introspectionLimit.enabled(),
                                introspectionLimit.maxRequests(),
                                introspectionLimit.window()),
                        System::nanoTime));
        UserLookupService userLookup = new UserLookupService(ports.users(), ports.apiKeys());
        AuditTrailService auditTrail = new AuditTrailService(ports.audit());
        AdminAccountService admin = new AdminAccountService(
                new AdminAccountService.Settings(
                        settings.admin().username(),
                        settings.admin().configuredPassword().map(Password::offered),
                        sessionSettings.accessTokenLifetime()),
                ports.adminAccounts(),
                adapters.adminPasswords(),
                ports.audit(),
                ports.transactions(),
                clock,
                random);

        // ------------------------------------------------------------ accounts (issue 24, ADR 0023): delete, link,
        // disable
        AccountService accounts = new AccountService(
                ports.users(),
                ports.apiKeys(),
                ports.sessions(),
                ports.providers(),
                hasher,
                sessions,
                ports.transactions(),
                ports.audit(),
                clock,
                customTokens);

        // ------------------------------------------------------------ token keys (ADR 0015) and access-token keys (ADR
        // 0011, 0020)
        KeyportSettings.Tokens tokenSettings = settings.tokens();
        Duration longestToken =
                sessionSettings.refreshTokenLifetime().compareTo(sessionSettings.accessTokenLifetime()) >= 0
                        ? sessionSettings.refreshTokenLifetime()
                        : sessionSettings.accessTokenLifetime();
        TokenKeyService tokenKeys = new TokenKeyService(
                ports.tokenKeys(),
                ports.secrets(),
                adapters.sealer(),
                ports.audit(),
                ports.transactions(),
                clock,
                random,
                new TokenKeyService.Settings(
                        configuredSecret(tokenSettings.jwtSecret()), longestToken, tokenSettings.keyReload()));
        tokenKeys.configurationWarning().ifPresent(adapters.warnings());
        if (tokenSettings.publishLead().compareTo(tokenSettings.keyReload()) < 0) {
            adapters.warnings()
                    .accept("keyport.tokens.publish-lead (" + tokenSettings.publishLead() + ") is shorter than "
                            + "keyport.tokens.key-reload (" + tokenSettings.keyReload()
                            + "): with several instances, one may see "
                            + "a token signed with a key it has not loaded yet");
        }
        AccessTokenKeyService accessTokenKeys = new AccessTokenKeyService(
                ports.signingKeys(),
                adapters.sealer(),
                ports.audit(),
                ports.transactions(),
                clock,
                new AccessTokenKeyService.Settings(
                        tokenSettings.rotationPeriod(),
                        tokenSettings.publishLead(),
                        sessionSettings.accessTokenLifetime(),
                        tokenSettings.keyReload()),
                adapters.signatures());

        // ------------------------------------------------------------ webhooks (ADR 0014, 0018)
        if (webhookSettings.lease().compareTo(webhookSettings.attemptTimeout().multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("KEYPORT_WEBHOOKS_LEASE (" + webhookSettings.lease()
                    + ") must be at least "
                    + "twice KEYPORT_WEBHOOKS_ATTEMPT_TIMEOUT (" + webhookSettings.attemptTimeout() + "): a delivery's "
                    + "lease must outlast its attempt");
        }
        WebhookService webhooks = new WebhookService(
                ports.webhookEndpoints(),
                ports.webhookOutbox(),
                adapters.webhookSender(),
                adapters.sealer(),
                ports.transactions(),
                clock,
                random,
                new WebhookService.Settings(
                        webhookSettings.retryBase(), webhookSettings.lease(), 20, 5, webhookSettings.retention()));
        KeyExpiryNoticeService keyExpiryNotices = new KeyExpiryNoticeService(
                ports.keyExpiryNotices(), ports.audit(), ports.transactions(), clock, webhookSettings.expiringWithin());

        // ------------------------------------------------------------ confirmation, reset and their mail (issue 24,
        // ADR 0022)
        KeyportSettings.Mail mailSettings = settings.mail();
        ConfirmationAndResetService confirmation = new ConfirmationAndResetService(
                registration,
                ports.users(),
                ports.accounts(),
                ports.sessions(),
                ports.providers(),
                hasher,
                adapters.sealer(),
                adapters.accountCallbacks(),
                ports.audit(),
                ports.transactions(),
                clock,
                random);
        PendingAwareLogin passwordLogin =
                new PendingAwareLogin(login, ports.accounts().registrations(), hasher);
        MailService mails = new MailService(
                ports.accounts().outbox(),
                adapters.mailSender(),
                ports.accounts().resets(),
                adapters.sealer(),
                clock,
                random,
                new MailService.Settings(
                        mailSettings.retryBase(),
                        Duration.ofMinutes(5),
                        mailSettings.maxAttempts(),
                        Duration.ofMinutes(2),
                        20,
                        mailSettings.retention()));

        UseCases useCases = new UseCases(
                registration,
                login,
                loginThrottle,
                sessions,
                revocation,
                userKeys,
                serverKeys,
                providers,
                introspection,
                userLookup,
                auditTrail,
                admin,
                tokenKeys,
                accessTokenKeys,
                webhooks,
                keyExpiryNotices,
                customTokens,
                accounts,
                confirmation,
                passwordLogin,
                mails);

        // ------------------------------------------------------------ what the REST adapter issues and checks tokens
        // with
        TokenSettings tokens =
                new TokenSettings(sessionSettings.accessTokenLifetime(), settings.appId(), adapters.signatures());
        SignedTokens signedTokens = new SignedTokens(tokens, accessTokenKeys, tokenKeys, clock);
        Issuer issuer = new Issuer(settings.publicUrl());
        ThrottleKeys throttleKeys = new ThrottleKeys(throttle.clientAddressHeader(), throttle.trustedProxies());
        AdminCallers adminCallers = new AdminCallers(admin, signedTokens, settings.appId());

        // ------------------------------------------------------------ which controller calls which use case
        // (each component is one controller's Uses: the port.in interfaces it may call, in the order they are declared)
        Routes routes = new Routes(
                new AdminSessionsController.Uses(admin, admin, loginThrottle),
                new ProvidersController.Uses(providers, providers, providers, providers),
                new ServerKeysController.Uses(
                        serverKeys, serverKeys, serverKeys, serverKeys, serverKeys, serverKeys, serverKeys, serverKeys),
                new UsersController.Uses(userLookup, userKeys, userKeys, userKeys, revocation, accounts),
                new AuditController.Uses(auditTrail),
                new SigningKeysController.Uses(accessTokenKeys, accessTokenKeys, tokenKeys, tokenKeys),
                new WebhooksController.Uses(webhooks),
                new AccountsAdminController.Uses(confirmation, confirmation, mails),
                // password login and registration that know pending registrations (ADR 0022)
                new ClientSessionsController.Uses(
                        passwordLogin,
                        login,
                        login,
                        customTokens,
                        loginThrottle,
                        sessions,
                        sessions,
                        sessions,
                        accounts,
                        accounts),
                new RegistrationController.Uses(confirmation),
                new UserKeysController.Uses(
                        sessions, userKeys, userKeys, userKeys, userKeys, userKeys, userKeys, userKeys, userKeys),
                new IntrospectionController.Uses(introspection, loginThrottle),
                new AccountController.Uses(confirmation, confirmation, confirmation, confirmation),
                new DiscoveryController.Uses(accessTokenKeys));
        return new Composition(
                useCases,
                routes,
                events,
                tokens,
                signedTokens,
                issuer,
                throttleKeys,
                adminCallers,
                new ClientApp(settings.appId()),
                // which schedule and which start-up task calls which use case
                new Jobs(sessions, keyExpiryNotices, accessTokenKeys, webhooks, confirmation, mails),
                new StartUp(providers, admin, tokenKeys, accessTokenKeys));
    }

    /** {@code KEYPORT_JWT_SECRET}, base64, seeds the HMAC key set of a fresh database (ADR 0015). */
    private static Optional<byte[]> configuredSecret(String secret) {
        return Optional.ofNullable(secret)
                .filter(s -> !s.isBlank())
                .map(s -> Base64.getDecoder().decode(s.strip()));
    }

    /** A warning when an endpoint's pending outbox is full, at most once a minute per endpoint. */
    private static final class OutboxFullLog implements Consumer<String> {
        private final int bound;
        private final Consumer<String> warnings;
        private final java.util.concurrent.ConcurrentHashMap<String, Long> lastLogged =
                new java.util.concurrent.ConcurrentHashMap<>();

        OutboxFullLog(int bound, Consumer<String> warnings) {
            this.bound = bound;
            this.warnings = warnings;
        }

        @Override
        public void accept(String endpointId) {
            long now = System.nanoTime();
            boolean[] log = {false};
            lastLogged.compute(endpointId, (id, last) -> {
                if (last == null || now - last >= Duration.ofMinutes(1).toNanos()) {
                    log[0] = true;
                    return now;
                }
                return last;
            });
            if (log[0]) {
                warnings.accept("webhook endpoint " + endpointId + " has " + bound + " deliveries waiting "
                        + "(keyport.webhooks.max-pending-per-endpoint): new events are not queued for it until it "
                        + "catches up; see the keyport.webhooks.dropped metric");
            }
            if (lastLogged.size() > 10_000) {
                lastLogged.clear();
            }
        }
    }
}
