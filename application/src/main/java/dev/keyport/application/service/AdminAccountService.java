package dev.keyport.application.service;

import dev.keyport.application.port.in.AdminCaller;
import dev.keyport.application.port.in.EnsureAdminAccount;
import dev.keyport.application.port.in.LogInAsAdmin;
import dev.keyport.application.port.out.AdminAccounts;
import dev.keyport.application.port.out.AuditTrail;
import dev.keyport.application.port.out.PasswordHasher;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.Password;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The admin account. Its name and, optionally, its password come from configuration. A configured
 * password lives in the process environment anyway, so it is compared as a digest in constant time
 * and never stored. Without one, the first start generates a 128-bit password, stores only its
 * slow hash, and hands it out once.
 */
public final class AdminAccountService implements LogInAsAdmin, EnsureAdminAccount {
    private static final int GENERATED_PASSWORD_BYTES = 16;

    private final Settings settings;
    private final AdminAccounts accounts;
    private final PasswordHasher hasher;
    private final AuditTrail audit;
    private final Clock clock;
    private final RandomGenerator random;

    /** @param configuredPassword the password from configuration, if the operator set one */
    public record Settings(String username, Optional<Password> configuredPassword) {
        public Settings {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("the admin username must not be blank");
            }
            Objects.requireNonNull(configuredPassword, "configuredPassword");
        }
    }

    public AdminAccountService(Settings settings, AdminAccounts accounts, PasswordHasher hasher, AuditTrail audit,
                               Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.accounts = accounts;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Result ensure() {
        if (settings.configuredPassword().isPresent() || accounts.passwordHash(settings.username()).isPresent()) {
            return new Result(settings.username(), Optional.empty());
        }
        byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
        random.nextBytes(bytes);
        Password generated = Password.offered(HexFormat.of().formatHex(bytes));
        boolean stored = accounts.addIfAbsent(settings.username(), hasher.hash(generated));
        // Another instance may have won the race on first start; then its password is the one.
        return new Result(settings.username(), stored ? Optional.of(generated.reveal()) : Optional.empty());
    }

    @Override
    public AdminCaller logIn(Command command) {
        boolean nameMatches = constantTimeEquals(command.username(), settings.username());
        boolean passwordMatches = settings.configuredPassword()
                .map(configured -> constantTimeEquals(command.password().reveal(), configured.reveal()))
                .orElseGet(() -> accounts.passwordHash(settings.username())
                        .map(hash -> hasher.matches(command.password(), hash))
                        .orElse(false));
        if (!nameMatches || !passwordMatches) {
            audit.record(new AuditEvent(clock.instant(), "client", AuditAction.ADMIN_LOGIN_REFUSED,
                    "admin:" + command.username(), "wrong username or password"));
            throw new WrongCredentials();
        }
        AdminCaller admin = new AdminCaller(settings.username());
        audit.record(new AuditEvent(clock.instant(), admin.actor(), AuditAction.ADMIN_LOGIN_SUCCEEDED,
                admin.actor(), ""));
        return admin;
    }

    /** Compares digests, so the time taken does not depend on where the strings differ or on their lengths. */
    private static boolean constantTimeEquals(String offered, String expected) {
        return MessageDigest.isEqual(
                SecretDigest.of(offered).hex().getBytes(StandardCharsets.US_ASCII),
                SecretDigest.of(expected).hex().getBytes(StandardCharsets.US_ASCII));
    }
}
