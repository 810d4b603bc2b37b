package dev.keyport.bootstrap;

import io.micronaut.core.value.PropertyResolver;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of Keyport, typed, with its default in exactly one place: {@link #defaults()}.
 * {@link #from(PropertyResolver)} reads each one from Micronaut's configuration (so from
 * {@code application.yml}, system properties and {@code KEYPORT_*} environment variables, the property
 * {@code keyport.jwt.lifetime} being the variable {@code KEYPORT_JWT_LIFETIME}), keeping the default
 * for what is not set. The composition root ({@link Composition#compose}) takes nothing else.
 *
 * <p>The settings are grouped as the configuration table of the README groups them.
 */
public record KeyportSettings(
        /* keyport.app-id */ String appId,
        /* keyport.public-url: the issuer named in tokens; empty: taken from each request */ String publicUrl,
        Store store,
        Passwords passwords,
        Sessions sessions,
        Tokens tokens,
        LoginThrottle loginThrottle,
        IntrospectionThrottle introspectionThrottle,
        Admin admin,
        Webhooks webhooks,
        CustomToken customToken,
        Mail mail) {

    /** keyport.store, the PostgreSQL store's writers and its key view, the data directory and the key-encryption key. */
    public record Store(
            String kind,
            Duration usageFlushInterval,
            Duration auditFlushInterval,
            int auditMaxPending,
            Duration providerRefresh,
            Duration keyViewHeartbeat,
            Duration keyViewMaxStaleness,
            int keyViewMaxKeys,
            int keyViewMaxEndedSessions,
            String keyViewUrl,
            boolean keyViewEnabled,
            String dataDirectory,
            String keyEncryptionKey) {
        public boolean inMemory() {
            return kind.equals("memory");
        }
    }

    /** keyport.password.*: the scheme of new hashes, their cost, and the bounded pool they run on (ADR 0009). */
    public record Passwords(
            String algorithm,
            int argon2MemoryKib,
            int argon2Iterations,
            int argon2Parallelism,
            int pbkdf2Iterations,
            int hashingThreads,
            int hashingQueue,
            Duration admissionWait,
            String hashingPriority) {}

    /** Access-token lifetime (keyport.jwt.lifetime, also the admin token's), refresh-token lifetime, logouts remembered per key. */
    public record Sessions(Duration accessTokenLifetime, Duration refreshTokenLifetime, int maxEndedSessionsPerKey) {}

    /** keyport.jwt.secret (seeds the HMAC key set) and keyport.tokens.*: rotation and reload of the token keys (ADR 0015, 0020). */
    public record Tokens(
            String jwtSecret,
            Duration keyReload,
            Duration rotationPeriod,
            Duration publishLead,
            String signatureProvider) {}

    /** keyport.login-throttle.*: failures per client address or account, and where the client address comes from. */
    public record LoginThrottle(
            boolean enabled, int maxFailures, Duration window, String clientAddressHeader, String trustedProxies) {}

    /** keyport.introspection-throttle.*: introspections per caller and window, on each instance. */
    public record IntrospectionThrottle(boolean enabled, int maxRequests, Duration window) {}

    /** keyport.admin.*: the admin account's name and, optionally, its password. */
    public record Admin(String username, String password) {
        public Optional<String> configuredPassword() {
            return Optional.ofNullable(password).filter(p -> !p.isEmpty());
        }
    }

    /** keyport.webhooks.*: the outbox's bounds, the delivery's retries, lease and timeout, and where receivers may live. */
    public record Webhooks(
            Duration refusedLoginEvery,
            int maxPendingPerEndpoint,
            Duration expiringWithin,
            Duration retryBase,
            Duration lease,
            Duration attemptTimeout,
            String allowedNetworks,
            Duration retention) {}

    /**
     * keyport.custom-token.jwks.*: fetching the identity provider's JWK sets (issue 28, ADR 0024): the internal networks
     * a JWK URI may lead to (public addresses only by default), how long a set is cached, how often it may be fetched
     * again (also for an unknown key id), the deadline of a fetch, and the size and key count a set may have.
     */
    public record CustomToken(
            String allowedNetworks,
            Duration cacheFor,
            Duration minRefetchInterval,
            Duration fetchTimeout,
            int maxBytes,
            int maxKeys) {}

    /**
     * keyport.mail.*: the SMTP server of confirmation and reset mails (no host: none, the mails wait in the outbox),
     * the outbox's retries and retention; keyport.account-functions.*: the signed callbacks standing in for App
     * Services' confirmation and reset functions (ADR 0022).
     */
    public record Mail(
            String smtpHost,
            int smtpPort,
            String smtpSecurity,
            String smtpUsername,
            String smtpPassword,
            String from,
            Duration smtpTimeout,
            Duration retryBase,
            int maxAttempts,
            Duration retention,
            String functionsSecret,
            Duration functionsTimeout) {}

    /** Every default, and the only place they are written. */
    public static KeyportSettings defaults() {
        return new KeyportSettings(
                "keyport",
                "",
                new Store(
                        "postgres",
                        Duration.ofSeconds(5),
                        Duration.ofMillis(100),
                        100_000,
                        Duration.ofSeconds(2),
                        Duration.ofMillis(100),
                        Duration.ofMillis(800),
                        100_000,
                        100_000,
                        "",
                        true,
                        ".keyport",
                        ""),
                new Passwords("argon2id", 19_456, 2, 1, 600_000, 0, 0, Duration.ofMillis(250), "5"),
                new Sessions(Duration.ofMinutes(30), Duration.ofDays(60), 1_000),
                new Tokens("", Duration.ofSeconds(10), Duration.ofDays(30), Duration.ofMinutes(10), "auto"),
                new LoginThrottle(true, 10, Duration.ofMinutes(1), "", ""),
                new IntrospectionThrottle(true, 60_000, Duration.ofMinutes(1)),
                new Admin("admin", ""),
                new Webhooks(
                        Duration.ofHours(1),
                        10_000,
                        Duration.ofDays(7),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(10),
                        "",
                        Duration.ofDays(7)),
                new CustomToken("", Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(3), 65_536, 50),
                new Mail(
                        "",
                        587,
                        "starttls",
                        "",
                        "",
                        "keyport@localhost",
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        30,
                        Duration.ofDays(7),
                        "",
                        Duration.ofSeconds(10)));
    }

    /** The settings in Micronaut's configuration, each property named once, the defaults for the rest. */
    public static KeyportSettings from(PropertyResolver config) {
        KeyportSettings d = defaults();
        Reader r = new Reader(config);
        return new KeyportSettings(
                r.text("keyport.app-id", d.appId()),
                r.text("keyport.public-url", d.publicUrl()),
                new Store(
                        r.text("keyport.store", d.store().kind()).strip(),
                        r.duration(
                                "keyport.api-key-usage.flush-interval",
                                d.store().usageFlushInterval()),
                        r.duration("keyport.audit.flush-interval", d.store().auditFlushInterval()),
                        r.integer("keyport.audit.max-pending", d.store().auditMaxPending()),
                        r.duration(
                                "keyport.providers.refresh-interval", d.store().providerRefresh()),
                        r.duration("keyport.key-view.heartbeat", d.store().keyViewHeartbeat()),
                        r.duration("keyport.key-view.max-staleness", d.store().keyViewMaxStaleness()),
                        r.integer("keyport.key-view.max-keys", d.store().keyViewMaxKeys()),
                        r.integer(
                                "keyport.key-view.max-ended-sessions", d.store().keyViewMaxEndedSessions()),
                        r.text("keyport.key-view.url", d.store().keyViewUrl()),
                        r.bool("keyport.key-view.enabled", d.store().keyViewEnabled()),
                        r.text("keyport.data-dir", d.store().dataDirectory()),
                        r.text("keyport.key-encryption-key", d.store().keyEncryptionKey())),
                new Passwords(
                        r.text("keyport.password.algorithm", d.passwords().algorithm()),
                        r.integer(
                                "keyport.password.argon2.memory-kib",
                                d.passwords().argon2MemoryKib()),
                        r.integer(
                                "keyport.password.argon2.iterations",
                                d.passwords().argon2Iterations()),
                        r.integer(
                                "keyport.password.argon2.parallelism",
                                d.passwords().argon2Parallelism()),
                        r.integer("keyport.password.iterations", d.passwords().pbkdf2Iterations()),
                        r.integer(
                                "keyport.password.hashing-threads",
                                d.passwords().hashingThreads()),
                        r.integer(
                                "keyport.password.hashing-queue", d.passwords().hashingQueue()),
                        r.duration(
                                "keyport.password.admission-wait", d.passwords().admissionWait()),
                        r.text(
                                "keyport.password.hashing-priority",
                                d.passwords().hashingPriority())),
                new Sessions(
                        r.duration("keyport.jwt.lifetime", d.sessions().accessTokenLifetime()),
                        r.duration(
                                "keyport.session.refresh-token-lifetime",
                                d.sessions().refreshTokenLifetime()),
                        r.integer(
                                "keyport.session.max-ended-per-key",
                                d.sessions().maxEndedSessionsPerKey())),
                new Tokens(
                        r.text("keyport.jwt.secret", d.tokens().jwtSecret()),
                        r.duration("keyport.tokens.key-reload", d.tokens().keyReload()),
                        r.duration("keyport.tokens.rotation-period", d.tokens().rotationPeriod()),
                        r.duration("keyport.tokens.publish-lead", d.tokens().publishLead()),
                        r.text("keyport.tokens.signature-provider", d.tokens().signatureProvider())),
                new LoginThrottle(
                        r.bool(
                                "keyport.login-throttle.enabled",
                                d.loginThrottle().enabled()),
                        r.integer(
                                "keyport.login-throttle.max-failures",
                                d.loginThrottle().maxFailures()),
                        r.duration(
                                "keyport.login-throttle.window",
                                d.loginThrottle().window()),
                        r.text(
                                "keyport.login-throttle.client-address-header",
                                d.loginThrottle().clientAddressHeader()),
                        r.text(
                                "keyport.login-throttle.trusted-proxies",
                                d.loginThrottle().trustedProxies())),
                new IntrospectionThrottle(
                        r.bool(
                                "keyport.introspection-throttle.enabled",
                                d.introspectionThrottle().enabled()),
                        r.integer(
                                "keyport.introspection-throttle.max-requests",
                                d.introspectionThrottle().maxRequests()),
                        r.duration(
                                "keyport.introspection-throttle.window",
                                d.introspectionThrottle().window())),
                new Admin(
                        r.text("keyport.admin.username", d.admin().username()),
                        r.text("keyport.admin.password", d.admin().password())),
                new Webhooks(
                        r.duration(
                                "keyport.webhooks.refused-login-every",
                                d.webhooks().refusedLoginEvery()),
                        r.integer(
                                "keyport.webhooks.max-pending-per-endpoint",
                                d.webhooks().maxPendingPerEndpoint()),
                        r.duration(
                                "keyport.webhooks.expiring-within", d.webhooks().expiringWithin()),
                        r.duration("keyport.webhooks.retry-base", d.webhooks().retryBase()),
                        r.duration("keyport.webhooks.lease", d.webhooks().lease()),
                        r.duration(
                                "keyport.webhooks.attempt-timeout", d.webhooks().attemptTimeout()),
                        r.text("keyport.webhooks.allowed-networks", d.webhooks().allowedNetworks()),
                        r.duration("keyport.webhooks.retention", d.webhooks().retention())),
                new CustomToken(
                        r.text(
                                "keyport.custom-token.jwks.allowed-networks",
                                d.customToken().allowedNetworks()),
                        r.duration(
                                "keyport.custom-token.jwks.cache-for",
                                d.customToken().cacheFor()),
                        r.duration(
                                "keyport.custom-token.jwks.min-refetch-interval",
                                d.customToken().minRefetchInterval()),
                        r.duration(
                                "keyport.custom-token.jwks.fetch-timeout",
                                d.customToken().fetchTimeout()),
                        r.integer(
                                "keyport.custom-token.jwks.max-bytes",
                                d.customToken().maxBytes()),
                        r.integer(
                                "keyport.custom-token.jwks.max-keys",
                                d.customToken().maxKeys())),
                new Mail(
                        r.text("keyport.mail.smtp.host", d.mail().smtpHost()),
                        r.integer("keyport.mail.smtp.port", d.mail().smtpPort()),
                        r.text("keyport.mail.smtp.security", d.mail().smtpSecurity()),
                        r.text("keyport.mail.smtp.username", d.mail().smtpUsername()),
                        r.text("keyport.mail.smtp.password", d.mail().smtpPassword()),
                        r.text("keyport.mail.from", d.mail().from()),
                        r.duration("keyport.mail.smtp.timeout", d.mail().smtpTimeout()),
                        r.duration("keyport.mail.retry-base", d.mail().retryBase()),
                        r.integer("keyport.mail.max-attempts", d.mail().maxAttempts()),
                        r.duration("keyport.mail.retention", d.mail().retention()),
                        r.text("keyport.account-functions.secret", d.mail().functionsSecret()),
                        r.duration("keyport.account-functions.timeout", d.mail().functionsTimeout())));
    }

    /**
     * Reads one property through Micronaut's conversions ({@code 30m}, {@code 60d}, {@code true}), or keeps the
     * default when it is not set; a value that does not convert stops the start, naming the property.
     */
    private record Reader(PropertyResolver config) {
        String text(String name, String fallback) {
            return read(name, String.class, fallback);
        }

        int integer(String name, int fallback) {
            return read(name, Integer.class, fallback);
        }

        boolean bool(String name, boolean fallback) {
            return read(name, Boolean.class, fallback);
        }

        Duration duration(String name, Duration fallback) {
            return read(name, Duration.class, fallback);
        }

        private <T> T read(String name, Class<T> type, T fallback) {
            if (!config.containsProperty(name)) {
                return fallback;
            }
            return config.get(name, type)
                    .orElseThrow(() -> new IllegalArgumentException(name + " is set to "
                            + config.get(name, String.class).orElse("") + ", which is not a "
                            + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        }
    }
}
