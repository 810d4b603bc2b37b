package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.PostgresStore;
import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.persistence.password.Argon2idPasswordHasher;
import dev.keyport.adapter.persistence.password.BoundedPasswordHasher;
import dev.keyport.adapter.persistence.password.CurrentSchemePasswordHasher;
import dev.keyport.adapter.persistence.password.Pbkdf2PasswordHasher;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.accounts.service.AccountService;
import dev.keyport.application.webhooks.service.NotifyingAuditTrail;
import dev.keyport.application.webhooks.service.WebhookService;
import dev.keyport.application.webhooks.service.KeyExpiryNoticeService;
import dev.keyport.adapter.webhook.ReceiverAddresses;
import dev.keyport.adapter.webhook.SocketWebhookSender;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.audit.service.AuditTrailService;
import dev.keyport.application.login.service.AccessTokenKeyService;
import dev.keyport.application.login.service.CallerRateLimit;
import dev.keyport.application.login.service.IntrospectionService;
import dev.keyport.application.login.service.LoginService;
import dev.keyport.application.login.service.LoginThrottle;
import dev.keyport.application.login.service.RegistrationService;
import dev.keyport.application.login.service.SessionPolicy;
import dev.keyport.application.login.service.SessionRevocationService;
import dev.keyport.application.login.service.SessionService;
import dev.keyport.application.login.service.TokenKeyService;
import dev.keyport.application.login.service.UserLookupService;
import dev.keyport.application.providers.service.ProviderService;
import dev.keyport.application.serverkeys.service.ServerApiKeyService;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.userkeys.service.UserApiKeyService;
import dev.keyport.domain.user.Password;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole object graph, explicitly, read top to bottom: first the store (every driven port, from
 * the PostgreSQL adapters or, with {@code KEYPORT_STORE=memory}, the in-memory ones), then the
 * password hasher, then each application service built from those ports, then what the REST adapter
 * needs. The REST controllers and the driving adapters (start-up tasks, schedules) take only the
 * {@code port.in} interfaces these services implement. Nothing in domain or application knows
 * Micronaut exists; no adapter or service is found by scanning.
 */
@Factory
final class KeyportWiring {
    private static final Logger LOG = LoggerFactory.getLogger(KeyportWiring.class);

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    RandomGenerator random() {
        return new SecureRandom();
    }

    // ---------------------------------------------------------------- the store (driven adapters)

    /** The PostgreSQL adapters over the configured pool (the default store); closed last, after the server. */
    @Singleton
    @Requires(property = "keyport.store", notEquals = "memory")
    @Bean(preDestroy = "close")
    PostgresStore postgresStore(DataSource dataSource, ConnectionOperations<Connection> connections,
                                TransactionOperations<Connection> transactions, JsonMapper json,
                                @Value("${keyport.api-key-usage.flush-interval:5s}") Duration usageFlushInterval,
                                @Value("${keyport.audit.flush-interval:1s}") Duration auditFlushInterval,
                                @Value("${keyport.audit.max-pending:100000}") int auditMaxPending,
                                @Value("${keyport.providers.refresh-interval:2s}") Duration providerRefresh,
                                @Value("${keyport.key-view.heartbeat:100ms}") Duration keyViewHeartbeat,
                                @Value("${keyport.key-view.max-staleness:800ms}") Duration keyViewMaxStaleness,
                                @Value("${keyport.key-view.max-keys:100000}") int keyViewMaxKeys,
                                @Value("${keyport.key-view.max-ended-sessions:100000}") int keyViewMaxEndedSessions,
                                SessionPolicy sessionPolicy,
                                @Value("${keyport.key-view.url:}") String keyViewUrl,
                                @Value("${keyport.key-view.enabled:true}") boolean keyViewEnabled) {
        return PostgresStore.open(dataSource, connections, transactions, json, new PostgresStore.Settings(
                usageFlushInterval, auditFlushInterval, auditMaxPending, providerRefresh, keyViewHeartbeat,
                keyViewMaxStaleness, keyViewMaxKeys, keyViewMaxEndedSessions, sessionPolicy.maxEndedSessionsPerKey(),
                java.util.Optional.of(keyViewUrl).filter(url -> !url.isBlank()), keyViewEnabled));
    }

    /**
     * Every driven port, from one store: {@code keyport.store} ({@code KEYPORT_STORE}) is
     * {@code postgres} (the default) or {@code memory}, which keeps everything in this process and
     * forgets it when the process ends.
     */
    @Singleton
    DrivenPorts ports(@Value("${keyport.store:postgres}") String store, BeanProvider<PostgresStore> postgres,
                      RandomGenerator random, @Value("${keyport.webhooks.refused-login-every:1h}") Duration refusalEvery,
                      @Value("${keyport.webhooks.max-pending-per-endpoint:10000}") int maxPendingPerEndpoint) {
        DrivenPorts ports = switch (store) {
            case "postgres" -> postgres.get().ports();
            case "memory" -> {
                LOG.warn("KEYPORT_STORE=memory: users, keys and sessions live in this process only and are lost when it stops");
                yield InMemoryStore.fresh();
            }
            default -> throw new IllegalArgumentException("keyport.store must be postgres or memory, not " + store);
        };
        // key lifecycle events also go to the webhook outbox, in the transaction of the change, at most
        // keyport.webhooks.max-pending-per-endpoint waiting per endpoint (beyond it the new event is dropped, counted, logged)
        return ports.withAudit(new NotifyingAuditTrail(ports.audit(), ports.webhookEndpoints(), ports.webhookOutbox(),
                ports.transactions(), random, refusalEvery, maxPendingPerEndpoint, new OutboxFullLog(maxPendingPerEndpoint)));
    }

    /** A WARN line when an endpoint's pending outbox is full, at most once a minute per endpoint. */
    private static final class OutboxFullLog implements java.util.function.Consumer<String> {
        private final int bound;
        private final java.util.concurrent.ConcurrentHashMap<String, Long> lastLogged = new java.util.concurrent.ConcurrentHashMap<>();

        OutboxFullLog(int bound) {
            this.bound = bound;
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
                LOG.warn("webhook endpoint {} has {} deliveries waiting (keyport.webhooks.max-pending-per-endpoint): new events "
                        + "are not queued for it until it catches up; see the keyport.webhooks.dropped metric", endpointId, bound);
            }
            if (lastLogged.size() > 10_000) {
                lastLogged.clear();
            }
        }
    }

    /** Announces keys expiring within {@code keyport.webhooks.expiring-within} (7 days), and expired keys. */
    @Singleton
    KeyExpiryNoticeService keyExpiryNotices(DrivenPorts ports, Clock clock,
                                            @Value("${keyport.webhooks.expiring-within:7d}") Duration noticePeriod) {
        return new KeyExpiryNoticeService(ports.keyExpiryNotices(), ports.audit(), ports.transactions(), clock, noticePeriod);
    }

    /** Webhook endpoints and the delivery of the outbox (docs/operations.md#webhooks). */
    @Singleton
    WebhookService webhooks(DrivenPorts ports, SecretSealer sealer, Clock clock, RandomGenerator random,
                            @Value("${keyport.webhooks.retry-base:10s}") Duration retryBase,
                            @Value("${keyport.webhooks.lease:30s}") Duration lease,
                            @Value("${keyport.webhooks.attempt-timeout:10s}") Duration attemptTimeout,
                            @Value("${keyport.webhooks.allowed-networks:}") String allowedNetworks,
                            @Value("${keyport.webhooks.retention:7d}") Duration retention) {
        if (lease.compareTo(attemptTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("KEYPORT_WEBHOOKS_LEASE (" + lease + ") must be at least twice "
                    + "KEYPORT_WEBHOOKS_ATTEMPT_TIMEOUT (" + attemptTimeout + "): a delivery's lease must outlast its attempt");
        }
        ReceiverAddresses receivers = ReceiverAddresses.allowing(allowedNetworks);
        if (!allowedNetworks.isBlank()) {
            LOG.info("webhooks may also be delivered to these internal networks: {}", receivers);
        }
        return new WebhookService(ports.webhookEndpoints(), ports.webhookOutbox(),
                new SocketWebhookSender(receivers, attemptTimeout), sealer, ports.transactions(), clock, random,
                new WebhookService.Settings(retryBase, lease, 20, 5, retention));
    }

    @Singleton
    MeterBinder webhookMetrics(BeanProvider<DrivenPorts> ports) {
        // looked up when the meter is read, not when the registry is built (the store needs the pool, whose
        // meters need the registry)
        return registry -> FunctionCounter.builder("keyport.webhooks.dropped", ports,
                        p -> p.get().audit() instanceof NotifyingAuditTrail notifying ? notifying.dropped() : 0)
                .description("Webhook events not queued for an endpoint whose pending outbox was full")
                .register(registry);
    }

    // ---------------------------------------------------------------- password hashing

    /**
     * Argon2id (default) or PBKDF2 ({@code keyport.password.algorithm}: {@code argon2id} or
     * {@code pbkdf2-sha256}) for new hashes; hashes of either scheme verify, and a login with an
     * outdated one rehashes it (ADR 0009). It runs on its own few platform threads
     * ({@code keyport.password.hashing-threads}, default half the cores) behind a bounded queue
     * ({@code keyport.password.hashing-queue}, default 8 per thread, so a check waits at most about nine
     * hash times); a check that finds no place waits for one at most
     * {@code keyport.password.admission-wait} (250 ms) and then gets a 503: a password flood cannot pin
     * the carrier threads every other request runs on, nor turn into a flood of instant 503s.
     */
    @Singleton
    @Bean(preDestroy = "close")
    BoundedPasswordHasher passwordHasher(@Value("${keyport.password.algorithm:argon2id}") String algorithm,
                                         @Value("${keyport.password.argon2.memory-kib:19456}") int memoryKib,
                                         @Value("${keyport.password.argon2.iterations:2}") int argonPasses,
                                         @Value("${keyport.password.argon2.parallelism:1}") int lanes,
                                         @Value("${keyport.password.iterations:600000}") int iterations,
                                         @Value("${keyport.password.hashing-threads:0}") int threads,
                                         @Value("${keyport.password.hashing-queue:0}") int queueSetting,
                                         @Value("${keyport.password.admission-wait:250ms}") Duration admissionWait) {
        int hashingThreads = threads > 0 ? threads : BoundedPasswordHasher.defaultThreads();
        int queue = queueSetting > 0 ? queueSetting : BoundedPasswordHasher.defaultQueue(hashingThreads);
        Argon2idPasswordHasher argon2id = new Argon2idPasswordHasher(
                new Argon2idPasswordHasher.Cost(memoryKib, argonPasses, lanes));
        Pbkdf2PasswordHasher pbkdf2 = new Pbkdf2PasswordHasher(iterations);
        CurrentSchemePasswordHasher hasher = switch (algorithm) {
            case "argon2id" -> new CurrentSchemePasswordHasher(argon2id, pbkdf2);
            case "pbkdf2-sha256" -> new CurrentSchemePasswordHasher(pbkdf2, argon2id);
            default -> throw new IllegalArgumentException(
                    "keyport.password.algorithm must be argon2id or pbkdf2-sha256, not " + algorithm);
        };
        LOG.info("Password hashing: {} (Argon2id m={} KiB t={} p={}; PBKDF2 {} iterations), {} thread(s), queue of {}, "
                + "admission wait {} ms", algorithm, memoryKib, argonPasses, lanes, iterations, hashingThreads, queue,
                admissionWait.toMillis());
        return new BoundedPasswordHasher(hasher, hashingThreads, queue, admissionWait);
    }

    // ---------------------------------------------------------------- the application services

    @Singleton
    SessionPolicy sessionPolicy(@Value("${keyport.session.refresh-token-lifetime:60d}") Duration refreshTokenLifetime,
                                @Value("${keyport.session.max-ended-per-key:1000}") int maxEndedSessionsPerKey) {
        return new SessionPolicy(refreshTokenLifetime, maxEndedSessionsPerKey);
    }

    @Singleton
    RegistrationService registration(DrivenPorts ports, PasswordHasher hasher, Clock clock, RandomGenerator random) {
        return new RegistrationService(ports.users(), ports.providers(), hasher, ports.transactions(), clock, random);
    }

    @Singleton
    LoginService login(DrivenPorts ports, PasswordHasher hasher, Clock clock, RandomGenerator random,
                       SessionPolicy policy) {
        return new LoginService(ports.users(), ports.apiKeys(), ports.keyUsage(), ports.sessions(), ports.providers(),
                ports.audit(), hasher, ports.transactions(), clock, random, policy);
    }

    @Singleton
    SessionService sessions(DrivenPorts ports, SessionPolicy policy, Clock clock) {
        return new SessionService(ports.sessions(), ports.endedSessions(), ports.apiKeys(), ports.serverKeys(),
                ports.users(), ports.transactions(), ports.audit(), policy, clock);
    }

    /** Issue 24: a user deletes their account or links credentials; the admin lists, disables, enables, deletes users. */
    @Singleton
    AccountService accounts(DrivenPorts ports, PasswordHasher hasher, SessionService sessions, Clock clock) {
        return new AccountService(ports.users(), ports.apiKeys(), ports.sessions(), ports.providers(), hasher, sessions,
                ports.transactions(), ports.audit(), clock);
    }

    @Singleton
    SessionRevocationService sessionRevocation(DrivenPorts ports, Clock clock) {
        return new SessionRevocationService(ports.users(), ports.apiKeys(), ports.serverKeys(), ports.sessions(),
                ports.transactions(), ports.audit(), clock);
    }

    @Singleton
    UserApiKeyService userApiKeys(DrivenPorts ports, Clock clock, RandomGenerator random) {
        return new UserApiKeyService(ports.users(), ports.apiKeys(), ports.sessions(), ports.transactions(),
                ports.providers(), ports.audit(), clock, random);
    }

    @Singleton
    ServerApiKeyService serverApiKeys(DrivenPorts ports, Clock clock, RandomGenerator random) {
        return new ServerApiKeyService(ports.users(), ports.serverKeys(), ports.sessions(), ports.transactions(),
                ports.providers(), ports.audit(), clock, random);
    }

    @Singleton
    ProviderService providers(DrivenPorts ports, Clock clock) {
        return new ProviderService(ports.providers(), ports.transactions(), ports.audit(), clock);
    }

    /**
     * Introspection for services, each caller (server key) limited to {@code keyport.introspection-throttle.max-requests}
     * (60,000) per {@code keyport.introspection-throttle.window} (1 min) on each instance; beyond, 429 with Retry-After.
     */
    @Singleton
    IntrospectionService introspection(DrivenPorts ports, Clock clock,
                                       @Value("${keyport.introspection-throttle.enabled:true}") boolean enabled,
                                       @Value("${keyport.introspection-throttle.max-requests:60000}") int maxRequests,
                                       @Value("${keyport.introspection-throttle.window:1m}") Duration window) {
        return new IntrospectionService(ports.apiKeys(), ports.keyUsage(), ports.users(), ports.providers(), clock,
                new CallerRateLimit(new CallerRateLimit.Settings(enabled, maxRequests, window), System::nanoTime));
    }

    @Singleton
    UserLookupService userLookup(DrivenPorts ports) {
        return new UserLookupService(ports.users(), ports.apiKeys());
    }

    @Singleton
    AuditTrailService auditTrail(DrivenPorts ports) {
        return new AuditTrailService(ports.audit());
    }

    /**
     * The guessing limit on logins: {@code keyport.login-throttle.max-failures} (10) failures per client
     * address or account within {@code keyport.login-throttle.window} (1 min), counted across instances.
     */
    @Singleton
    LoginThrottle loginThrottle(@Value("${keyport.login-throttle.enabled:true}") boolean enabled,
                                @Value("${keyport.login-throttle.max-failures:10}") int maxFailures,
                                @Value("${keyport.login-throttle.window:1m}") Duration window,
                                DrivenPorts ports) {
        return new LoginThrottle(new LoginThrottle.Settings(enabled, maxFailures, window), ports.loginFailures(),
                System::nanoTime);
    }

    /** The admin account: {@code KEYPORT_ADMIN_USERNAME} (default admin) and, optionally, {@code KEYPORT_ADMIN_PASSWORD}. */
    @Singleton
    AdminAccountService adminAccount(@Value("${keyport.admin.username:admin}") String username,
                                     @Nullable @Value("${keyport.admin.password:}") String password,
                                     @Value("${keyport.jwt.lifetime:30m}") Duration sessionLifetime,
                                     DrivenPorts ports, PasswordHasher hasher, Clock clock, RandomGenerator random) {
        Optional<Password> configured = Optional.ofNullable(password).filter(p -> !p.isEmpty()).map(Password::offered);
        return new AdminAccountService(new AdminAccountService.Settings(username, configured, sessionLifetime),
                ports.adminAccounts(), hasher, ports.audit(), ports.transactions(), clock, random);
    }

    // ---------------------------------------------------------------- token keys

    /**
     * What seals the token keys in the store: AES-256-GCM under {@code keyport.key-encryption-key}
     * ({@code KEYPORT_KEY_ENCRYPTION_KEY}, base64 of 32 bytes) when set; with the in-memory store a
     * random key of this process; otherwise the key file {@code key-encryption.key} in the data directory
     * ({@code KEYPORT_DATA_DIR}), made on first start, but never over a database that already holds sealed
     * secrets (that start stops instead, naming the setting). Every instance on one database needs the same one.
     */
    @Singleton
    SecretSealer sealer(@Value("${keyport.store:postgres}") String store,
                        @Nullable @Value("${keyport.key-encryption-key:}") String keyEncryptionKey,
                        @Value("${keyport.data-dir:.keyport}") String dataDirectory, BeanProvider<PostgresStore> postgres) {
        if (keyEncryptionKey != null && !keyEncryptionKey.isBlank()) {
            LOG.info("Token keys are sealed with the configured key-encryption key (keyport.key-encryption-key)");
            return AesGcmSecretSealer.withKey(keyEncryptionKey);
        }
        if (store.equals("memory")) {
            return AesGcmSecretSealer.ephemeral();
        }
        Path file = Path.of(dataDirectory, "key-encryption.key").toAbsolutePath();
        SecretSealer sealer = AesGcmSecretSealer.withKeyFile(file, () -> postgres.get().holdsSealedSecrets());
        // said once the file exists: a start refused for want of a key never names a file it did not make
        LOG.info("Token keys are sealed with the key-encryption key in {} (set KEYPORT_KEY_ENCRYPTION_KEY to keep it "
                + "elsewhere; every instance on this database needs the same one)", file);
        return sealer;
    }

    /**
     * The HMAC key set of refresh and admin tokens, which only Keyport reads (ADR 0015): kept sealed in the
     * store, rotated from the admin API. {@code KEYPORT_JWT_SECRET} (base64, at least 32 bytes), if set,
     * seeds the set of a fresh database and must otherwise be the current signing key. Old keys verify for
     * the longest token life ({@code keyport.session.refresh-token-lifetime}, or the admin token's
     * {@code keyport.jwt.lifetime} if longer); the set is re-read every {@code keyport.tokens.key-reload}.
     */
    @Singleton
    TokenKeyService tokenKeys(@Nullable @Value("${keyport.jwt.secret:}") String configuredSecret, DrivenPorts ports,
                              SecretSealer sealer, Clock clock, RandomGenerator random,
                              @Value("${keyport.session.refresh-token-lifetime:60d}") Duration refreshTokenLifetime,
                              @Value("${keyport.jwt.lifetime:30m}") Duration adminTokenLifetime,
                              @Value("${keyport.tokens.key-reload:10s}") Duration reload) {
        Optional<byte[]> configured = Optional.ofNullable(configuredSecret).filter(secret -> !secret.isBlank())
                .map(secret -> Base64.getDecoder().decode(secret.strip()));
        Duration overlap = refreshTokenLifetime.compareTo(adminTokenLifetime) >= 0 ? refreshTokenLifetime : adminTokenLifetime;
        TokenKeyService keys = new TokenKeyService(ports.tokenKeys(), ports.secrets(), sealer, ports.audit(),
                ports.transactions(), clock, random, new TokenKeyService.Settings(configured, overlap, reload));
        keys.configurationWarning().ifPresent(LOG::warn);
        return keys;
    }

    /**
     * The ES256 keys of access tokens, published at {@code /.well-known/jwks.json}: a new one every
     * {@code keyport.tokens.rotation-period} (30 days) or when an admin asks, published
     * {@code keyport.tokens.publish-lead} (10 min) before it signs; re-read from the store every
     * {@code keyport.tokens.key-reload} (10 s).
     */
    /** The JCA provider of the access-token keys and signatures, chosen and logged once (ADR 0020). */
    record SignatureProvider(java.security.Provider provider) {
    }

    @Singleton
    SignatureProvider signatureProvider(@Value("${keyport.tokens.signature-provider:auto}") String setting) {
        return new SignatureProvider(TokenSignatureProvider.choose(setting));
    }

    @Singleton
    AccessTokenKeyService accessTokenKeys(DrivenPorts ports, SecretSealer sealer, Clock clock, SignatureProvider signatures,
                                          @Value("${keyport.tokens.rotation-period:30d}") Duration rotationPeriod,
                                          @Value("${keyport.tokens.publish-lead:10m}") Duration publishLead,
                                          @Value("${keyport.tokens.key-reload:10s}") Duration reload,
                                          @Value("${keyport.jwt.lifetime:30m}") Duration accessTokenLifetime) {
        if (publishLead.compareTo(reload) < 0) {
            LOG.warn("keyport.tokens.publish-lead ({}) is shorter than keyport.tokens.key-reload ({}): with several "
                    + "instances, one may see a token signed with a key it has not loaded yet", publishLead, reload);
        }
        return new AccessTokenKeyService(ports.signingKeys(), sealer, ports.audit(), ports.transactions(), clock,
                new AccessTokenKeyService.Settings(rotationPeriod, publishLead, accessTokenLifetime, reload),
                signatures.provider());
    }

    // ---------------------------------------------------------------- metrics of the store

    /**
     * The PostgreSQL store's meters: the batch writers' backlog, failed flushes and dropped login events,
     * and the number of keys (one count query per scrape). The in-memory store has none of these.
     */
    @Singleton
    @Requires(property = "keyport.store", notEquals = "memory")
    MeterBinder storeMetrics(BeanProvider<PostgresStore> stores) {
        // the store is looked up when a meter is read, not when the registry is built: the pool's own
        // meters need the registry, and the store needs the pool
        return registry -> {
            writerMeters(registry, "last-used", () -> stores.get().usageWriter());
            writerMeters(registry, "audit", () -> stores.get().auditWriter());
            FunctionCounter.builder("keyport.audit.dropped", stores, s -> s.get().auditWriter().dropped())
                    .description("Login audit events dropped because too many were waiting").register(registry);
            Gauge.builder("keyport.api.keys", stores, s -> s.get().keyCounts().userKeys()).tag("kind", "user")
                    .description("API keys that exist now").register(registry);
            Gauge.builder("keyport.api.keys", stores, s -> s.get().keyCounts().serverKeys()).tag("kind", "server")
                    .description("API keys that exist now").register(registry);
            Gauge.builder("keyport.key.view.in.step", stores, s -> s.get().keyView().inStep() ? 1 : 0)
                    .description("1 while the key view's heartbeat notifications come back (key logins may be answered "
                            + "from memory), 0 while every key login and refresh reads PostgreSQL").register(registry);
            FunctionCounter.builder("keyport.key.view.lookups", stores, s -> s.get().keyView().answeredFromView())
                    .tag("answered", "view").description("Key lookups of key logins and refreshes, by who answered")
                    .register(registry);
            FunctionCounter.builder("keyport.key.view.lookups", stores, s -> s.get().keyView().askedDatabase())
                    .tag("answered", "database").description("Key lookups of key logins and refreshes, by who answered")
                    .register(registry);
        };
    }

    private static void writerMeters(MeterRegistry registry, String writer, Supplier<PostgresStore.WriterBacklog> backlog) {
        Gauge.builder("keyport.batch.pending", backlog, b -> b.get().pending())
                .description("Writes waiting in a batch writer").tag("writer", writer).register(registry);
        FunctionCounter.builder("keyport.batch.failed.flushes", backlog, b -> b.get().failedFlushes())
                .description("Batch writes that failed (and are retried)").tag("writer", writer).register(registry);
    }

    /**
     * With {@code MICRONAUT_METRICS_ENABLED=false} Micronaut makes no registry, and Keyport's own meters would
     * have nothing to register with (every request failed on it): an empty composite registry, whose meters do
     * nothing, stands in.
     */
    @Singleton
    @Requires(property = "micronaut.metrics.enabled", value = "false")
    MeterRegistry noMetrics() {
        return new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
    }

    // ---------------------------------------------------------------- what the REST adapter needs

    @Singleton
    TokenSettings tokenSettings(SignatureProvider signatures,
                                @Value("${keyport.jwt.lifetime:30m}") Duration accessTokenLifetime,
                                @Value("${keyport.app-id:keyport}") String appId) {
        return new TokenSettings(accessTokenLifetime, appId, signatures.provider());
    }
}
