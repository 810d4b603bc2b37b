package dev.keyport.application.sessions.service;

import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.sessions.port.in.LogInAnonymously;
import dev.keyport.application.sessions.port.in.LogInWithApiKey;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.shared.port.in.PasswordHashingBusy;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.userkeys.port.out.ApiKeyUsage;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.error.UserDisabled;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.secret.SecretDigest;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The three ways to open a session: email/password, anonymous, and API key. */
public final class LoginService implements LogInWithPassword, LogInAnonymously, LogInWithApiKey {
    private final Users users;
    private final ApiKeys apiKeys;
    private final ApiKeyUsage keyUsage;
    private final Sessions sessions;
    private final AuthProviders providers;
    private final AuditTrail audit;
    private final PasswordHasher passwordHasher;
    private final Transactions transactions;
    private final Clock clock;
    private final RandomGenerator random;
    private final SessionOpener opener;
    private volatile PasswordHash timingDecoy;

    public LoginService(
            Users users,
            ApiKeys apiKeys,
            ApiKeyUsage keyUsage,
            Sessions sessions,
            AuthProviders providers,
            AuditTrail audit,
            PasswordHasher passwordHasher,
            Transactions transactions,
            Clock clock,
            RandomGenerator random,
            SessionPolicy policy) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.keyUsage = keyUsage;
        this.sessions = sessions;
        this.providers = providers;
        this.audit = audit;
        this.passwordHasher = passwordHasher;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
        this.opener = new SessionOpener(clock, random, policy);
    }

    @Override
    public OpenedSession logIn(LogInWithPassword.Command command) {
        providers.setting(AuthProvider.LOCAL_USERPASS).requireEnabled();
        Optional<Users.PasswordAccount> account = users.findPasswordAccount(command.email());
        if (account.isEmpty()) {
            // Spend the same time as a real comparison, so response times do not reveal which emails exist.
            passwordHasher.matches(command.password(), timingDecoy());
            throw new WrongCredentials();
        }
        if (!passwordHasher.matches(command.password(), account.get().passwordHash())) {
            throw new WrongCredentials();
        }
        if (account.get().disabled()) {
            throw new UserDisabled(); // told only to who holds the password
        }
        if (!account.get().loggedInBefore() && !users.markLoggedIn(account.get().userId(), clock.instant())) {
            throw new WrongCredentials(); // deleted, or linked into another user, since it was read
        }
        upgradeOutdatedHash(account.get(), command.password());
        SessionOpener.Draft draft = opener.draft(account.get().userId(), command.device());
        sessions.add(draft.session());
        return draft.opened();
    }

    @Override
    public OpenedSession logIn(LogInAnonymously.Command command) {
        providers.setting(AuthProvider.ANON_USER).requireEnabled();
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            UserId userId = UserId.generate(now, random);
            Identity identity = new Identity(IdentityId.generate(now, random), AuthProvider.ANON_USER, userId.value());
            users.add(new User(userId, UserType.NORMAL, List.of(identity), Optional.empty(), now));
            SessionOpener.Draft draft = opener.draft(userId, command.device());
            sessions.add(draft.session());
            return draft.opened();
        });
    }

    /**
     * The hot path, with no write to the database (ADR 0008): a malformed key is refused without
     * touching the store; otherwise the store finds the key (from its synchronized view of the keys,
     * normally without a read) and the session is opened as a key session, which is not stored. It
     * carries the key's session generation, so a disable that commits while this login runs ends it
     * at its first refresh. The last-used time and the audit event are recorded asynchronously
     * (batched by the stores).
     */
    @Override
    public OpenedSession logIn(LogInWithApiKey.Command command) {
        try {
            providers.setting(AuthProvider.API_KEY).requireEnabled();
        } catch (ProviderDisabled refusal) {
            recordRefusal(new AuditTarget.Provider(AuthProvider.API_KEY), refusal.getMessage());
            throw refusal;
        }
        Optional<ApiKeySecret> secret = ApiKeySecret.parse(command.key());
        if (secret.isEmpty()) {
            throw refused(AuditTarget.MALFORMED_KEY, "no key with this value");
        }
        SecretDigest digest = secret.get().digest();
        // An unknown key is named by the first 12 hex digits of its digest, never by its value.
        ApiKey key = apiKeys.findByDigest(digest)
                .orElseThrow(() ->
                        refused(new AuditTarget.UnknownKey(digest.hex().substring(0, 12)), "no key with this value"));
        Instant now = clock.instant();
        if (!key.accepts(digest, now)) {
            audit.record(new KeyEvent.LoginRefused(
                    now,
                    key.id(),
                    key.disabled()
                            ? KeyEvent.LoginRefused.Reason.DISABLED
                            : key.isExpired(now)
                                    ? KeyEvent.LoginRefused.Reason.EXPIRED
                                    : KeyEvent.LoginRefused.Reason.PREVIOUS_VALUE_AFTER_GRACE));
            throw new ApiKeyLoginRefused();
        }
        OpenedSession opened = opener.keySession(key, digest, command.device(), now);
        keyUsage.recordUse(key.id(), now);
        audit.record(new KeyEvent.LoginSucceeded(now, key.id(), key.ownerId()));
        return opened;
    }

    /**
     * Records why a key login was refused, for the audit trail only: the client always gets the same
     * {@link ApiKeyLoginRefused}, so it cannot tell an unknown key from a disabled one.
     */
    private ApiKeyLoginRefused refused(AuditTarget target, String reason) {
        recordRefusal(target, reason);
        return new ApiKeyLoginRefused();
    }

    private void recordRefusal(AuditTarget target, String reason) {
        audit.record(new AuditEvent(clock.instant(), AuditActor.CLIENT, AuditAction.KEY_LOGIN_REFUSED, target, reason));
    }

    /**
     * The transparent rehash: a hash made by an older scheme or with weaker parameters (PBKDF2 from
     * before Argon2id, say) is replaced by a current one while the verified password is at hand. It
     * costs this one login a second hash; if hashing is saturated, the upgrade waits for a later login
     * rather than failing this one.
     */
    private void upgradeOutdatedHash(Users.PasswordAccount account, Password password) {
        if (!passwordHasher.needsRehash(account.passwordHash())) {
            return;
        }
        PasswordHash upgraded;
        try {
            upgraded = passwordHasher.hash(password);
        } catch (PasswordHashingBusy busy) {
            return;
        }
        users.replacePasswordHash(account.userId(), account.passwordHash(), upgraded);
    }

    private PasswordHash timingDecoy() {
        PasswordHash decoy = timingDecoy;
        if (decoy == null) {
            decoy = passwordHasher.hash(Password.offered("keyport-timing-decoy"));
            timingDecoy = decoy;
        }
        return decoy;
    }
}
