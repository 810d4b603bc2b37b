package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.PostgresStore;
import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.persistence.password.Argon2idPasswordHasher;
import dev.keyport.adapter.persistence.password.BoundedPasswordHasher;
import dev.keyport.adapter.persistence.password.CurrentSchemePasswordHasher;
import dev.keyport.adapter.persistence.password.Pbkdf2PasswordHasher;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.schedule.Jobs;
import dev.keyport.adapter.startup.StartUp;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.client.ClientApp;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.adapter.webhook.ReceiverAddresses;
import dev.keyport.adapter.webhook.SocketWebhookSender;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.UseCases;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.webhooks.port.out.WebhookSender;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Keyport to Micronaut, and nothing more: it binds the configuration to {@link KeyportSettings},
 * builds the driven adapters that need Micronaut's resources (the PostgreSQL store over its pool, the
 * password hasher's pool, the sealer's key file, the webhook sender), calls the composition root
 * {@link Composition#compose} once, and exposes its result to the entry points Micronaut finds (controllers,
 * filters, schedules, start-up tasks). No service is built here: read {@link Composition} for the graph.
 */
@Factory
final class KeyportBeans {
    private static final Logger LOG = LoggerFactory.getLogger(KeyportBeans.class);

    @Singleton
    KeyportSettings settings(Environment environment) {
        return KeyportSettings.from(environment);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    RandomGenerator random() {
        return new SecureRandom();
    }

    // ---------------------------------------------------------------- the driven adapters

    /** The PostgreSQL adapters over the configured pool (the default store); closed last, after the server. */
    @Singleton
    @Requires(property = "keyport.store", notEquals = "memory")
    @Bean(preDestroy = "close")
    PostgresStore postgresStore(DataSource dataSource, ConnectionOperations<Connection> connections,
                                TransactionOperations<Connection> transactions, JsonMapper json, KeyportSettings settings) {
        KeyportSettings.Store store = settings.store();
        return PostgresStore.open(dataSource, connections, transactions, json, new PostgresStore.Settings(
                store.usageFlushInterval(), store.auditFlushInterval(), store.auditMaxPending(), store.providerRefresh(),
                store.keyViewHeartbeat(), store.keyViewMaxStaleness(), store.keyViewMaxKeys(),
                store.keyViewMaxEndedSessions(), settings.sessions().maxEndedSessionsPerKey(),
                Optional.of(store.keyViewUrl()).filter(url -> !url.isBlank()), store.keyViewEnabled()));
    }

    /**
     * Every port of one store: {@code keyport.store} ({@code KEYPORT_STORE}) is {@code postgres} (the default)
     * or {@code memory}, which keeps everything in this process and forgets it when the process ends.
     */
    @Singleton
    DrivenPorts store(KeyportSettings settings, BeanProvider<PostgresStore> postgres) {
        return switch (settings.store().kind()) {
            case "postgres" -> postgres.get().ports();
            case "memory" -> {
                LOG.warn("KEYPORT_STORE=memory: users, keys and sessions live in this process only and are lost when it stops");
                yield InMemoryStore.fresh();
            }
            default -> throw new IllegalArgumentException("keyport.store must be postgres or memory, not "
                    + settings.store().kind());
        };
    }

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
    BoundedPasswordHasher passwordHasher(KeyportSettings settings) {
        KeyportSettings.Passwords p = settings.passwords();
        int hashingThreads = p.hashingThreads() > 0 ? p.hashingThreads() : BoundedPasswordHasher.defaultThreads();
        int queue = p.hashingQueue() > 0 ? p.hashingQueue() : BoundedPasswordHasher.defaultQueue(hashingThreads);
        Argon2idPasswordHasher argon2id = new Argon2idPasswordHasher(
                new Argon2idPasswordHasher.Cost(p.argon2MemoryKib(), p.argon2Iterations(), p.argon2Parallelism()));
        Pbkdf2PasswordHasher pbkdf2 = new Pbkdf2PasswordHasher(p.pbkdf2Iterations());
        CurrentSchemePasswordHasher hasher = switch (p.algorithm()) {
            case "argon2id" -> new CurrentSchemePasswordHasher(argon2id, pbkdf2);
            case "pbkdf2-sha256" -> new CurrentSchemePasswordHasher(pbkdf2, argon2id);
            default -> throw new IllegalArgumentException(
                    "keyport.password.algorithm must be argon2id or pbkdf2-sha256, not " + p.algorithm());
        };
        LOG.info("Password hashing: {} (Argon2id m={} KiB t={} p={}; PBKDF2 {} iterations), {} thread(s), queue of {}, "
                + "admission wait {} ms", p.algorithm(), p.argon2MemoryKib(), p.argon2Iterations(), p.argon2Parallelism(),
                p.pbkdf2Iterations(), hashingThreads, queue, p.admissionWait().toMillis());
        return new BoundedPasswordHasher(hasher, hashingThreads, queue, p.admissionWait());
    }

    /**
     * What seals the token keys in the store: AES-256-GCM under {@code keyport.key-encryption-key}
     * ({@code KEYPORT_KEY_ENCRYPTION_KEY}, base64 of 32 bytes) when set; with the in-memory store a
     * random key of this process; otherwise the key file {@code key-encryption.key} in the data directory
     * ({@code KEYPORT_DATA_DIR}), made on first start, but never over a database that already holds sealed
     * secrets (that start stops instead, naming the setting). Every instance on one database needs the same one.
     */
    @Singleton
    SecretSealer sealer(KeyportSettings settings, BeanProvider<PostgresStore> postgres) {
        KeyportSettings.Store store = settings.store();
        if (!store.keyEncryptionKey().isBlank()) {
            LOG.info("Token keys are sealed with the configured key-encryption key (keyport.key-encryption-key)");
            return AesGcmSecretSealer.withKey(store.keyEncryptionKey());
        }
        if (store.inMemory()) {
            return AesGcmSecretSealer.ephemeral();
        }
        Path file = Path.of(store.dataDirectory(), "key-encryption.key").toAbsolutePath();
        SecretSealer sealer = AesGcmSecretSealer.withKeyFile(file, () -> postgres.get().holdsSealedSecrets());
        // said once the file exists: a start refused for want of a key never names a file it did not make
        LOG.info("Token keys are sealed with the key-encryption key in {} (set KEYPORT_KEY_ENCRYPTION_KEY to keep it "
                + "elsewhere; every instance on this database needs the same one)", file);
        return sealer;
    }

    /** Posts webhooks to public addresses only, unless {@code keyport.webhooks.allowed-networks} names internal ones. */
    @Singleton
    WebhookSender webhookSender(KeyportSettings settings) {
        ReceiverAddresses receivers = ReceiverAddresses.allowing(settings.webhooks().allowedNetworks());
        if (!settings.webhooks().allowedNetworks().isBlank()) {
            LOG.info("webhooks may also be delivered to these internal networks: {}", receivers);
        }
        return new SocketWebhookSender(receivers, settings.webhooks().attemptTimeout());
    }

    // ---------------------------------------------------------------- the graph

    /** The one call of the composition root. */
    @Singleton
    Composition composition(DrivenPorts store, BoundedPasswordHasher passwords, SecretSealer sealer,
                            WebhookSender webhookSender, Clock clock, RandomGenerator random, KeyportSettings settings) {
        return Composition.compose(new Composition.DrivenAdapters(store, passwords, sealer, webhookSender, clock, random,
                TokenSignatureProvider.choose(settings.tokens().signatureProvider()), LOG::warn), settings);
    }

    @Singleton
    UseCases useCases(Composition composition) {
        return composition.useCases();
    }

    @Singleton
    TokenSettings tokenSettings(Composition composition) {
        return composition.tokenSettings();
    }

    @Singleton
    SignedTokens signedTokens(Composition composition) {
        return composition.tokens();
    }

    @Singleton
    Issuer issuer(Composition composition) {
        return composition.issuer();
    }

    @Singleton
    ThrottleKeys throttleKeys(Composition composition) {
        return composition.throttleKeys();
    }

    @Singleton
    AdminCallers adminCallers(Composition composition) {
        return composition.adminCallers();
    }

    @Singleton
    ClientApp clientApp(Composition composition) {
        return composition.clientApp();
    }

    /** The schedules' use cases. */
    @Singleton
    Jobs jobs(Composition composition) {
        return composition.jobs();
    }

    /** The start-up tasks' use cases. */
    @Singleton
    StartUp startUp(Composition composition) {
        return composition.startUp();
    }

    /** Each controller's use cases (the controllers take their own component of it). */
    @Singleton
    Routes routes(Composition composition) {
        return composition.routes();
    }

    @Singleton
    MeterBinder webhookMetrics(BeanProvider<Composition> composition) {
        // looked up when the meter is read, not when the registry is built (the store needs the pool, whose
        // meters need the registry)
        return registry -> FunctionCounter.builder("keyport.webhooks.dropped", composition, c -> c.get().events().dropped())
                .description("Webhook events not queued for an endpoint whose pending outbox was full")
                .register(registry);
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
}
