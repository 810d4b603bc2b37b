package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.ServerSecrets;
import dev.keyport.adapter.persistence.password.BoundedPasswordHasher;
import dev.keyport.adapter.persistence.password.Argon2idPasswordHasher;
import dev.keyport.adapter.persistence.password.CurrentSchemePasswordHasher;
import dev.keyport.adapter.persistence.password.Pbkdf2PasswordHasher;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.application.admin.port.out.AdminAccounts;
import dev.keyport.application.userkeys.port.out.ApiKeyUsage;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.login.port.out.EndedSessions;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.login.port.out.LoginFailures;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.login.service.LoginThrottle;
import dev.keyport.application.audit.service.AuditTrailService;
import dev.keyport.application.login.service.LoginService;
import dev.keyport.application.providers.service.ProviderService;
import dev.keyport.application.login.service.RegistrationService;
import dev.keyport.application.serverkeys.service.ServerApiKeyService;
import dev.keyport.application.login.service.SessionPolicy;
import dev.keyport.application.login.service.SessionRevocationService;
import dev.keyport.application.login.service.SessionService;
import dev.keyport.application.userkeys.service.UserApiKeyService;
import dev.keyport.application.login.service.UserLookupService;
import dev.keyport.domain.user.Password;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole object graph, explicitly: the application services built from the driven ports that
 * the persistence adapter provides, and the settings the REST adapter needs. Reading this class
 * tells you what depends on what; nothing in domain or application knows Micronaut exists.
 */
@Factory
final class KeyportWiring {
    private static final Logger LOG = LoggerFactory.getLogger(KeyportWiring.class);
    private static final String SIGNING_KEY_NAME = "access-token-signing-key";

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    RandomGenerator random() {
        return new SecureRandom();
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

    @Singleton
    SessionPolicy sessionPolicy(@Value("${keyport.session.refresh-token-lifetime:60d}") Duration refreshTokenLifetime) {
        return new SessionPolicy(refreshTokenLifetime);
    }

    @Singleton
    RegistrationService registration(Users users, AuthProviders providers, PasswordHasher hasher,
                                     Transactions transactions, Clock clock, RandomGenerator random) {
        return new RegistrationService(users, providers, hasher, transactions, clock, random);
    }

    @Singleton
    LoginService login(Users users, ApiKeys apiKeys, ApiKeyUsage usage, Sessions sessions, AuthProviders providers,
                       AuditTrail audit, PasswordHasher hasher, Transactions transactions, Clock clock,
                       RandomGenerator random, SessionPolicy policy) {
        return new LoginService(users, apiKeys, usage, sessions, providers, audit, hasher, transactions, clock,
                random, policy);
    }

    @Singleton
    SessionService sessions(Sessions sessions, EndedSessions endedSessions, ApiKeys apiKeys, Users users, Clock clock) {
        return new SessionService(sessions, endedSessions, apiKeys, users, clock);
    }

    @Singleton
    SessionRevocationService sessionRevocation(Users users, ApiKeys apiKeys, ServerApiKeys serverKeys,
                                               Sessions sessions, Transactions transactions, AuditTrail audit,
                                               Clock clock) {
        return new SessionRevocationService(users, apiKeys, serverKeys, sessions, transactions, audit, clock);
    }

    @Singleton
    UserApiKeyService userApiKeys(Users users, ApiKeys apiKeys, Sessions sessions, Transactions transactions,
                                  AuthProviders providers, AuditTrail audit, Clock clock, RandomGenerator random) {
        return new UserApiKeyService(users, apiKeys, sessions, transactions, providers, audit, clock, random);
    }

    @Singleton
    ServerApiKeyService serverApiKeys(Users users, ServerApiKeys serverKeys, Sessions sessions,
                                      Transactions transactions, AuditTrail audit, Clock clock, RandomGenerator random) {
        return new ServerApiKeyService(users, serverKeys, sessions, transactions, audit, clock, random);
    }

    @Singleton
    ProviderService providers(AuthProviders providers, Transactions transactions, AuditTrail audit, Clock clock) {
        return new ProviderService(providers, transactions, audit, clock);
    }

    @Singleton
    UserLookupService userLookup(Users users, ApiKeys apiKeys) {
        return new UserLookupService(users, apiKeys);
    }

    @Singleton
    AuditTrailService auditTrail(AuditTrail audit) {
        return new AuditTrailService(audit);
    }

    /**
     * The guessing limit on logins: {@code keyport.login-throttle.max-failures} (10) failures per client
     * address or account within {@code keyport.login-throttle.window} (1 min), counted across instances.
     */
    @Singleton
    LoginThrottle loginThrottle(@Value("${keyport.login-throttle.enabled:true}") boolean enabled,
                                @Value("${keyport.login-throttle.max-failures:10}") int maxFailures,
                                @Value("${keyport.login-throttle.window:1m}") Duration window,
                                LoginFailures failures) {
        return new LoginThrottle(new LoginThrottle.Settings(enabled, maxFailures, window), failures, System::nanoTime);
    }

    /** The admin account: {@code KEYPORT_ADMIN_USERNAME} (default admin) and, optionally, {@code KEYPORT_ADMIN_PASSWORD}. */
    @Singleton
    AdminAccountService adminAccount(@Value("${keyport.admin.username:admin}") String username,
                                     @Nullable @Value("${keyport.admin.password:}") String password,
                                     @Value("${keyport.jwt.lifetime:30m}") Duration sessionLifetime,
                                     AdminAccounts accounts, PasswordHasher hasher, AuditTrail audit,
                                     Transactions transactions, Clock clock, RandomGenerator random) {
        Optional<Password> configured = Optional.ofNullable(password).filter(p -> !p.isEmpty()).map(Password::offered);
        return new AdminAccountService(new AdminAccountService.Settings(username, configured, sessionLifetime), accounts,
                hasher, audit, transactions, clock, random);
    }

    /**
     * The key that signs access, refresh and admin tokens: {@code KEYPORT_JWT_SECRET} (base64, at least 32 bytes) when set;
     * otherwise generated on first start and kept in the database, so restarts and other instances
     * keep accepting tokens already issued.
     */
    @Singleton
    TokenSettings tokenSettings(@Nullable @Value("${keyport.jwt.secret:}") String configuredSecret,
                                @Value("${keyport.jwt.lifetime:30m}") Duration accessTokenLifetime,
                                ServerSecrets serverSecrets, RandomGenerator random) {
        byte[] key;
        if (configuredSecret != null && !configuredSecret.isBlank()) {
            key = Base64.getDecoder().decode(configuredSecret.strip());
            LOG.info("Tokens are signed with the key from configuration (keyport.jwt.secret)");
        } else {
            key = serverSecrets.getOrCreate(SIGNING_KEY_NAME, () -> {
                byte[] generated = new byte[32];
                random.nextBytes(generated);
                return generated;
            });
            LOG.info("Tokens are signed with the key stored in the database (server_secrets.{})", SIGNING_KEY_NAME);
        }
        return new TokenSettings(key, accessTokenLifetime);
    }
}
