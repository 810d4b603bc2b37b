package dev.keyport.bootstrap;

import dev.keyport.adapter.customtoken.JoseCustomTokenSignatures;
import dev.keyport.adapter.customtoken.JwkSetSource;
import dev.keyport.adapter.mail.SmtpMailSender;
import dev.keyport.adapter.persistence.PostgresStore;
import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.persistence.password.Argon2idPasswordHasher;
import dev.keyport.adapter.persistence.password.BoundedPasswordHasher;
import dev.keyport.adapter.persistence.password.CurrentSchemePasswordHasher;
import dev.keyport.adapter.persistence.password.HashingPriority;
import dev.keyport.adapter.persistence.password.Pbkdf2PasswordHasher;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.client.ClientApp;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.adapter.schedule.Jobs;
import dev.keyport.adapter.startup.StartUp;
import dev.keyport.adapter.webhook.ReceiverAddresses;
import dev.keyport.adapter.webhook.SignedAccountCallbacks;
import dev.keyport.adapter.webhook.SocketWebhookSender;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.UseCases;
import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.application.accounts.port.out.MailSender;
import dev.keyport.application.customtoken.port.out.CustomTokenSignatures;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.webhooks.port.out.WebhookSender;
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
import java.util.Base64;
import java.util.Optional;
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
    PostgresStore postgresStore(
            DataSource dataSource,
            ConnectionOperations<Connection> connections,
            TransactionOperations<Connection> transactions,
            JsonMapper json,
            KeyportSettings settings) {
        KeyportSettings.Store store = settings.store();
        return PostgresStore.open(
                dataSource,
                connections,
                transactions,
                json,
                new PostgresStore.Settings(
                        store.usageFlushInterval(),
                        store.auditFlushInterval(),
                        store.auditMaxPending(),
                        store.providerRefresh(),
                        store.keyViewHeartbeat(),
                        store.keyViewMaxStaleness(),
                        store.keyViewMaxKeys(),
                        store.keyViewMaxEndedSessions(),
                        settings.sessions().maxEndedSessionsPerKey(),
                        Optional.of(store.keyViewUrl()).filter(url -> !url.isBlank()),
                        store.keyViewEnabled()));
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
                LOG.warn(
                        "KEYPORT_STORE=memory: users, keys and sessions live in this process only and are lost when it stops");
                yield InMemoryStore.fresh();
            }
            default ->
                throw new IllegalArgumentException("keyport.store must be postgres or memory, not "
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
                new Argon2idPasswordHasher.Cost(p.argon2MemoryKib(), p.argon2Iterations(), p.argon2Parallelism()),
                hashingThreads); // one generator kept per hashing thread; the operator's lane shares them
        Pbkdf2PasswordHasher pbkdf2 = new Pbkdf2PasswordHasher(p.pbkdf2Iterations());
        CurrentSchemePasswordHasher hasher = switch (p.algorithm()) {
            case "argon2id" -> new CurrentSchemePasswordHasher(argon2id, pbkdf2);
            case "pbkdf2-sha256" -> new CurrentSchemePasswordHasher(pbkdf2, argon2id);
            default ->
                throw new IllegalArgumentException(
                        "keyport.password.algorithm must be argon2id or pbkdf2-sha256, not " + p.algorithm());
        };
        LOG.info(
                "Password hashing: {} (Argon2id m={} KiB t={} p={}; PBKDF2 {} iterations), {} thread(s), queue of {}, "
                        + "admission wait {} ms",
                p.algorithm(),
                p.argon2MemoryKib(),
                p.argon2Iterations(),
                p.argon2Parallelism(),
                p.pbkdf2Iterations(),
                hashingThreads,
                queue,
                p.admissionWait().toMillis());
        HashingPriority priority;
        try {
            priority = HashingPriority.parse(p.hashingPriority());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keyport.password.hashing-priority " + e.getMessage(), e);
        }
        return new BoundedPasswordHasher(hasher, hashingThreads, queue, p.admissionWait(), priority);
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
        SecretSealer sealer =
                AesGcmSecretSealer.withKeyFile(file, () -> postgres.get().holdsSealedSecrets());
        // said once the file exists: a start refused for want of a key never names a file it did not make
        LOG.info(
                "Token keys are sealed with the key-encryption key in {} (set KEYPORT_KEY_ENCRYPTION_KEY to keep it "
                        + "elsewhere; every instance on this database needs the same one)",
                file);
        return sealer;
    }

    /** Posts webhooks to public addresses only, unless {@code keyport.webhooks.allowed-networks} names internal ones. */
    @Singleton
    WebhookSender webhookSender(KeyportSettings settings) {
        ReceiverAddresses receivers =
                ReceiverAddresses.allowing(settings.webhooks().allowedNetworks());
        if (!settings.webhooks().allowedNetworks().isBlank()) {
            LOG.info("webhooks may also be delivered to these internal networks: {}", receivers);
        }
        return new SocketWebhookSender(receivers, settings.webhooks().attemptTimeout());
    }

    /**
     * The SMTP server of confirmation and reset mails ({@code KEYPORT_MAIL_SMTP_HOST}), if one is configured; without
     * one the mails wait in the outbox, which the admin reads (ADR 0022).
     */
    record Smtp(Optional<MailSender> sender) {}

    @Singleton
    Smtp smtp(KeyportSettings settings) {
        KeyportSettings.Mail mail = settings.mail();
        if (mail.smtpHost().isBlank()) {
            LOG.info(
                    "No SMTP server configured (KEYPORT_MAIL_SMTP_HOST): confirmation and reset mails stay in the outbox, "
                            + "readable by the admin (GET /api/admin/v3.0/apps/{app}/outgoing_mails)");
            return new Smtp(Optional.empty());
        }
        SmtpMailSender sender = new SmtpMailSender(new SmtpMailSender.Settings(
                mail.smtpHost().strip(),
                mail.smtpPort(),
                mail.smtpSecurity(),
                Optional.of(mail.smtpUsername()).filter(u -> !u.isEmpty()),
                Optional.of(mail.smtpPassword()).filter(p -> !p.isEmpty()),
                mail.from(),
                mail.smtpTimeout()));
        LOG.info(
                "Mail goes through the SMTP server {}:{} ({}), from {}",
                mail.smtpHost().strip(),
                mail.smtpPort(),
                mail.smtpSecurity(),
                mail.from());
        return new Smtp(Optional.of(sender));
    }

    /**
     * The custom confirmation and reset callbacks (ADR 0022), signed under {@code KEYPORT_ACCOUNT_FUNCTIONS_SECRET}
     * (base64, at least 32 bytes), posted as webhooks are: public receivers only unless
     * {@code KEYPORT_WEBHOOKS_ALLOWED_NETWORKS} allows more.
     */
    @Singleton
    AccountCallbacks accountCallbacks(KeyportSettings settings, Clock clock) {
        Optional<byte[]> key = Optional.of(settings.mail().functionsSecret())
                .filter(s -> !s.isBlank())
                .map(s -> Base64.getDecoder().decode(s.strip()));
        if (key.isPresent() && key.get().length < 32) {
            throw new IllegalArgumentException("KEYPORT_ACCOUNT_FUNCTIONS_SECRET must be base64 of at least 32 bytes");
        }
        return new SignedAccountCallbacks(
                new SocketWebhookSender(
                        ReceiverAddresses.allowing(settings.webhooks().allowedNetworks()),
                        settings.mail().functionsTimeout()),
                key,
                clock);
    }

    /**
     * custom-token signatures (issue 28, ADR 0024), checked with Nimbus JOSE against the identity provider's JWK sets,
     * fetched only from public addresses or the networks in {@code keyport.custom-token.jwks.allowed-networks}, cached,
     * fetched again for an unknown key id at most every {@code min-refetch-interval}.
     */
    static CustomTokenSignatures customTokenSignatures(KeyportSettings.CustomToken settings) {
        ReceiverAddresses addresses = ReceiverAddresses.allowing(settings.allowedNetworks());
        return new JoseCustomTokenSignatures(new JwkSetSource.Settings(
                settings.cacheFor(),
                settings.minRefetchInterval(),
                settings.fetchTimeout(),
                settings.maxBytes(),
                settings.maxKeys(),
                new JwkSetSource.AddressPolicy() {
                    @Override
                    public boolean permits(java.net.InetAddress address) {
                        return addresses.permits(address);
                    }

                    @Override
                    public boolean isPublic(java.net.InetAddress address) {
                        return ReceiverAddresses.isPublic(address);
                    }
                }));
    }

    // ---------------------------------------------------------------- the graph

    /** The one call of the composition root. */
    @Singleton
    Composition composition(
            DrivenPorts store,
            BoundedPasswordHasher passwords,
            SecretSealer sealer,
            WebhookSender webhookSender,
            Clock clock,
            RandomGenerator random,
            KeyportSettings settings,
            Smtp smtp,
            AccountCallbacks accountCallbacks) {
        return Composition.compose(
                new Composition.DrivenAdapters(
                        store,
                        passwords,
                        passwords.operatorLane(),
                        sealer,
                        webhookSender,
                        clock,
                        random,
                        TokenSignatureProvider.choose(settings.tokens().signatureProvider()),
                        LOG::warn,
                        customTokenSignatures(settings.customToken()),
                        smtp.sender(),
                        accountCallbacks),
                settings);
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
}
