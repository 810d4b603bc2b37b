package dev.keyport.application.admin.service;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.port.in.AdminSessions;
import dev.keyport.application.admin.port.in.EnsureAdminAccount;
import dev.keyport.application.admin.port.in.LogInAsAdmin;
import dev.keyport.application.admin.port.out.AdminAccounts;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.error.AdminPasswordConfigured;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The admin account and its sessions. The name and, optionally, the password come from
 * configuration. Without a configured password, the first start generates a 128-bit password,
 * stores only its slow hash, and hands it out once; the admin may replace it through the API. A
 * configured password is compared in constant time at login, and its slow hash is kept too, so that
 * a start with a different configured password notices the change and ends the old sessions.
 * Every admin token names a session, honoured only while it is live.
 */
public final class AdminAccountService implements LogInAsAdmin, EnsureAdminAccount, AdminSessions {
    private static final int GENERATED_PASSWORD_BYTES = 16;

    private final Settings settings;
    private final AdminAccounts accounts;
    private final PasswordHasher hasher;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final RandomGenerator random;

    /**
     * @param configuredPassword the password from configuration, if the operator set one
     * @param sessionLifetime    how long an admin session (and its token) lasts
     */
    public record Settings(String username, Optional<Password> configuredPassword, Duration sessionLifetime) {
        public Settings {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("the admin username must not be blank");
            }
            Objects.requireNonNull(configuredPassword, "configuredPassword");
            if (sessionLifetime == null || sessionLifetime.isNegative() || sessionLifetime.isZero()) {
                throw new IllegalArgumentException("the admin session lifetime must be positive");
            }
        }
    }

    public AdminAccountService(
            Settings settings,
            AdminAccounts accounts,
            PasswordHasher hasher,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            RandomGenerator random) {
        this.settings = settings;
        this.accounts = accounts;
        this.hasher = hasher;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Result ensure() {
        Optional<PasswordHash> stored = accounts.passwordHash(settings.username());
        if (settings.configuredPassword().isPresent()) {
            Password configured = settings.configuredPassword().get();
            if (stored.isEmpty() || !hasher.matches(configured, stored.get())) {
                // first start with this configured password: sessions opened under another one end here
                accounts.replacePassword(settings.username(), hasher.hash(configured), clock.instant());
            }
            return new Result(settings.username(), Optional.empty());
        }
        if (stored.isPresent()) {
            return new Result(settings.username(), Optional.empty());
        }
        byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
        random.nextBytes(bytes);
        Password generated = Password.offered(HexFormat.of().formatHex(bytes));
        boolean added = accounts.addIfAbsent(settings.username(), hasher.hash(generated));
        // Another instance may have won the race on first start; then its password is the one.
        return new Result(settings.username(), added ? Optional.of(generated.reveal()) : Optional.empty());
    }

    /**
     * The password is checked whether or not the name is the admin's, so that a wrong name costs what a
     * wrong password costs (one hash, through the same bounded hashing pool): the time of the answer does
     * not tell whether the name exists.
     */
    @Override
    public AdminCaller logIn(Command command) {
        boolean nameMatches = constantTimeEquals(command.username(), settings.username());
        boolean passwordMatches = passwordMatches(command.password());
        if (!nameMatches || !passwordMatches) {
            audit.record(new AuditEvent(
                    clock.instant(),
                    AuditActor.CLIENT,
                    AuditAction.ADMIN_LOGIN_REFUSED,
                    new AuditTarget.Admin(command.username()),
                    "wrong username or password"));
            throw new WrongCredentials();
        }
        Instant now = clock.instant();
        AdminCaller admin = new AdminCaller(settings.username(), SessionId.generate(now, random));
        accounts.openSession(admin.username(), admin.session(), now.plus(settings.sessionLifetime()));
        audit.record(new AuditEvent(now, admin.actor(), AuditAction.ADMIN_LOGIN_SUCCEEDED, adminTarget(admin), ""));
        return admin;
    }

    @Override
    public AdminCaller authenticate(AdminCaller claimed) {
        if (!claimed.username().equals(settings.username())
                || !accounts.sessionIsLive(claimed.username(), claimed.session(), clock.instant())) {
            throw new InvalidSession("the admin session has ended");
        }
        return claimed;
    }

    @Override
    public void logOut(AdminCaller admin) {
        transactions.inTransaction(() -> {
            Instant now = clock.instant();
            accounts.endSession(admin.username(), admin.session(), now);
            audit.record(new AuditEvent(now, admin.actor(), AuditAction.ADMIN_LOGGED_OUT, adminTarget(admin), ""));
            return null;
        });
    }

    @Override
    public void changePassword(ChangePassword command) {
        if (settings.configuredPassword().isPresent()) {
            throw new AdminPasswordConfigured();
        }
        if (!passwordMatches(command.current())) {
            throw new WrongCredentials();
        }
        PasswordHash replacement = hasher.hash(command.replacement()); // slow: outside the transaction
        transactions.inTransaction(() -> {
            Instant now = clock.instant();
            accounts.replacePassword(command.admin().username(), replacement, now);
            audit.record(new AuditEvent(
                    now,
                    command.admin().actor(),
                    AuditAction.ADMIN_PASSWORD_CHANGED,
                    adminTarget(command.admin()),
                    "every admin session ended"));
            return null;
        });
    }

    /**
     * One hash in every case: against the stored hash (which a configured password has too, see {@link #ensure}),
     * or against a decoy when none is stored, so that the cost is the same whatever is configured or offered.
     */
    private boolean passwordMatches(Password offered) {
        Optional<PasswordHash> stored = accounts.passwordHash(settings.username());
        boolean hashMatches = hasher.matches(offered, stored.orElseGet(this::timingDecoy));
        return settings.configuredPassword()
                .map(configured -> constantTimeEquals(offered.reveal(), configured.reveal()))
                .orElse(stored.isPresent() && hashMatches);
    }

    private volatile PasswordHash timingDecoy;

    private PasswordHash timingDecoy() {
        PasswordHash decoy = timingDecoy;
        if (decoy == null) {
            decoy = hasher.hash(Password.offered("keyport-admin-timing-decoy"));
            timingDecoy = decoy;
        }
        return decoy;
    }
    /** Compares digests, so the time taken does not depend on where the strings differ or on their lengths. */
    private static boolean constantTimeEquals(String offered, String expected) {
        return MessageDigest.isEqual(
                SecretDigest.of(offered).hex().getBytes(StandardCharsets.US_ASCII),
                SecretDigest.of(expected).hex().getBytes(StandardCharsets.US_ASCII));
    }

    private static AuditTarget adminTarget(AdminCaller admin) {
        return new AuditTarget.Admin(admin.username());
    }
}
