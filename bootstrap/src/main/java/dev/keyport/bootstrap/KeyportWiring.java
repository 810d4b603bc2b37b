package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.ServerSecrets;
import dev.keyport.adapter.rest.token.AccessTokenSettings;
import dev.keyport.application.port.out.ApiKeyUsage;
import dev.keyport.application.port.out.ApiKeys;
import dev.keyport.application.port.out.PasswordHasher;
import dev.keyport.application.port.out.Sessions;
import dev.keyport.application.port.out.Transactions;
import dev.keyport.application.port.out.Users;
import dev.keyport.application.service.LoginService;
import dev.keyport.application.service.RegistrationService;
import dev.keyport.application.service.SessionPolicy;
import dev.keyport.application.service.SessionService;
import dev.keyport.application.service.UserApiKeyService;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
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

    @Singleton
    SessionPolicy sessionPolicy(@Value("${keyport.session.refresh-token-lifetime:60d}") Duration refreshTokenLifetime) {
        return new SessionPolicy(refreshTokenLifetime);
    }

    @Singleton
    RegistrationService registration(Users users, PasswordHasher hasher, Transactions transactions,
                                     Clock clock, RandomGenerator random) {
        return new RegistrationService(users, hasher, transactions, clock, random);
    }

    @Singleton
    LoginService login(Users users, ApiKeys apiKeys, ApiKeyUsage usage, Sessions sessions, PasswordHasher hasher,
                       Transactions transactions, Clock clock, RandomGenerator random, SessionPolicy policy) {
        return new LoginService(users, apiKeys, usage, sessions, hasher, transactions, clock, random, policy);
    }

    @Singleton
    SessionService sessions(Sessions sessions, Users users, Clock clock) {
        return new SessionService(sessions, users, clock);
    }

    @Singleton
    UserApiKeyService userApiKeys(Users users, ApiKeys apiKeys, Sessions sessions, Transactions transactions,
                                  Clock clock, RandomGenerator random) {
        return new UserApiKeyService(users, apiKeys, sessions, transactions, clock, random);
    }

    /**
     * The access-token signing key: {@code KEYPORT_JWT_SECRET} (base64, at least 32 bytes) when set;
     * otherwise generated on first start and kept in the database, so restarts and other instances
     * keep accepting tokens already issued.
     */
    @Singleton
    AccessTokenSettings accessTokenSettings(@Nullable @Value("${keyport.jwt.secret:}") String configuredSecret,
                                            @Value("${keyport.jwt.lifetime:30m}") Duration lifetime,
                                            ServerSecrets serverSecrets, RandomGenerator random) {
        byte[] key;
        if (configuredSecret != null && !configuredSecret.isBlank()) {
            key = Base64.getDecoder().decode(configuredSecret.strip());
            LOG.info("Access tokens are signed with the key from configuration (keyport.jwt.secret)");
        } else {
            key = serverSecrets.getOrCreate(SIGNING_KEY_NAME, () -> {
                byte[] generated = new byte[32];
                random.nextBytes(generated);
                return generated;
            });
            LOG.info("Access tokens are signed with the key stored in the database (server_secrets.{})", SIGNING_KEY_NAME);
        }
        return new AccessTokenSettings(key, lifetime);
    }
}
