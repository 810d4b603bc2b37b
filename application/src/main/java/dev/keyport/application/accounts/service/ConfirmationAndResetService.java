package dev.keyport.application.accounts.service;

import dev.keyport.application.accounts.port.in.ConfigureUserpass;
import dev.keyport.application.accounts.port.in.ConfirmRegistration;
import dev.keyport.application.accounts.port.in.ManageRegistrations;
import dev.keyport.application.accounts.port.in.PrepareAccountMails;
import dev.keyport.application.accounts.port.in.RequestAccountMail;
import dev.keyport.application.accounts.port.in.ResetPassword;
import dev.keyport.application.accounts.port.in.RetryCustomConfirmation;
import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.application.accounts.port.out.AccountMailRequests;
import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.accounts.port.out.MailOutbox;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.account.AccountToken;
import dev.keyport.domain.account.PasswordReset;
import dev.keyport.domain.account.PendingRegistration;
import dev.keyport.domain.account.UserpassSettings;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.error.AccountFunctionFailed;
import dev.keyport.domain.error.AccountTokenInvalid;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.error.UserAlreadyConfirmed;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.ObjectIdFormat;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Email confirmation and password reset of the {@code local-userpass} provider, configured as App Services
 * configures them (ADR 0022). Registration with {@code autoConfirm} off keeps a pending registration, not a user,
 * until its token (from the mail, or handed to the custom confirmation) confirms it; reset tokens are single use,
 * live 30 minutes, and are stored as digests only. Mails go to the durable outbox in the transaction that issues
 * their token. {@code confirm/send} and {@code reset/send} only queue a request (one write, whatever the address),
 * which {@link #prepareRequested()} turns into a mail later: same answer, same work, for every address.
 */
public final class ConfirmationAndResetService
        implements RegisterUser,
                ConfirmRegistration,
                RequestAccountMail,
                RetryCustomConfirmation,
                ResetPassword,
                ManageRegistrations,
                ConfigureUserpass,
                PrepareAccountMails {
    /** At most one confirmation or reset mail per address in this period, however often it is asked for. */
    static final Duration MAIL_INTERVAL = Duration.ofMinutes(1);

    private static final int PREPARE_BATCH = 50;

    private final RegisterUser confirmedRegistration;
    private final Users users;
    private final AccountPorts accounts;
    private final Sessions sessions;
    private final AuthProviders providers;
    private final PasswordHasher hasher;
    private final SecretSealer sealer;
    private final AccountCallbacks callbacks;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final RandomGenerator random;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public ConfirmationAndResetService(
            RegisterUser confirmedRegistration,
            Users users,
            AccountPorts accounts,
            Sessions sessions,
            AuthProviders providers,
            PasswordHasher hasher,
            SecretSealer sealer,
            AccountCallbacks callbacks,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            RandomGenerator random) {
        this.confirmedRegistration = confirmedRegistration;
        this.users = users;
        this.accounts = accounts;
        this.sessions = sessions;
        this.providers = providers;
        this.hasher = hasher;
        this.sealer = sealer;
        this.callbacks = callbacks;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
    }

    private UserpassSettings settings() {
        ProviderSetting setting = providers.setting(AuthProvider.LOCAL_USERPASS);
        setting.requireEnabled();
        return setting.userpass();
    }

    // ------------------------------------------------------------------ registration and confirmation

    @Override
    public RegisteredUser register(RegisterUser.Command command) {
        UserpassSettings settings = settings();
        Instant now = clock.instant();
        Optional<PendingRegistration> pending = accounts.registrations().find(command.email());
        if (pending.isPresent() && !expired(pending.get(), now)) {
            throw new EmailAlreadyRegistered();
        }
        if (settings.autoConfirm()) {
            if (pending.isPresent()) {
                throw new EmailAlreadyRegistered(); // a registration left pending when autoConfirm was off
            }
            return confirmedRegistration.register(command);
        }
        if (users.findPasswordAccount(command.email()).isPresent()) {
            throw new EmailAlreadyRegistered(); // before the deliberately slow hash
        }
        PasswordHash hash = hasher.hash(command.password());
        AccountToken token = AccountToken.issue(now, random);
        PendingRegistration registration =
                new PendingRegistration(command.email(), UserId.generate(now, random), hash, token.stored(), now);
        transactions.inTransaction(() -> {
            // a pending registration whose token ran out may be taken over: no address is held for long by a
            // registration nobody confirms (ADR 0022)
            pending.ifPresent(stale -> accounts.registrations().remove(stale.email()));
            if (users.findPasswordAccount(command.email()).isPresent()) {
                throw new EmailAlreadyRegistered();
            }
            accounts.registrations().add(registration);
            if (!settings.runConfirmationFunction()) {
                enqueue(command.email(), settings.confirmEmailSubject(), confirmationText(settings, token), now);
            }
            return null;
        });
        if (settings.runConfirmationFunction()) {
            runConfirmation(settings, registration, token, true);
        }
        return new RegisteredUser(registration.userId());
    }

    private static boolean expired(PendingRegistration registration, Instant now) {
        return !now.isBefore(registration.token().expiresAt());
    }

    /** Calls the custom confirmation; success confirms, pending waits for {@code confirm}, fail refuses. */
    private void runConfirmation(
            UserpassSettings settings,
            PendingRegistration registration,
            AccountToken token,
            boolean removeWhenRefused) {
        String body = "{\"type\":\"confirmation\",\"function\":"
                + json(settings.confirmationFunctionName().orElse(""))
                + ",\"username\":" + json(registration.email().value()) + ",\"token\":" + json(token.token())
                + ",\"tokenId\":" + json(token.tokenId()) + "}";
        AccountCallbacks.Outcome outcome;
        try {
            outcome = callbacks.call(settings.confirmationFunctionUrl().orElseThrow(), body);
        } catch (AccountCallbacks.Unavailable e) {
            if (removeWhenRefused) {
                removePending(registration);
            }
            throw new AccountFunctionFailed(AccountFunctionFailed.Reason.UNAVAILABLE);
        }
        switch (outcome) {
            case SUCCESS ->
                transactions.inTransaction(() -> {
                    PendingRegistration current = accounts.registrations()
                            .findByTokenId(token.tokenId())
                            .orElseThrow(AccountTokenInvalid::new);
                    confirm(current, new AuditActor.Client(), "confirmed by the custom confirmation");
                    return null;
                });
            case PENDING -> {
                // the app's callback delivers the token its own way; confirm completes it
            }
            case FAIL -> {
                if (removeWhenRefused) {
                    removePending(registration);
                }
                throw new AccountFunctionFailed(AccountFunctionFailed.Reason.FAILED);
            }
        }
    }

    private void removePending(PendingRegistration registration) {
        transactions.inTransaction(() -> {
            accounts.registrations()
                    .findByTokenId(registration.token().tokenId())
                    .ifPresent(current -> accounts.registrations().remove(current.email()));
            return null;
        });
    }

    @Override
    public void confirm(ConfirmRegistration.Command command) {
        if (!ObjectIdFormat.isValid(command.tokenId())) {
            throw new AccountTokenInvalid();
        }
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            PendingRegistration pending = accounts.registrations()
                    .findByTokenId(command.tokenId())
                    .filter(found -> found.token().accepts(command.token(), now))
                    .orElseThrow(AccountTokenInvalid::new);
            confirm(pending, new AuditActor.Client(), "confirmed with the mailed token");
            return null;
        });
    }

    /** Turns the pending registration into a user, in the caller's transaction. */
    private void confirm(PendingRegistration pending, AuditActor actor, String detail) {
        Instant now = clock.instant();
        accounts.registrations().remove(pending.email());
        Identity identity = new Identity(
                IdentityId.generate(now, random),
                AuthProvider.LOCAL_USERPASS,
                pending.email().value());
        User user = new User(pending.userId(), UserType.NORMAL, List.of(identity), Optional.of(pending.email()), now);
        users.addWithPassword(user, pending.email(), pending.passwordHash());
        audit.record(new AuditEvent(now, actor, AuditAction.USER_CONFIRMED, new AuditTarget.User(user.id()), detail));
    }

    @Override
    public void retry(Email email) {
        UserpassSettings settings = settings();
        if (!settings.runConfirmationFunction()) {
            throw new AccountFunctionFailed(AccountFunctionFailed.Reason.NOT_CONFIGURED);
        }
        Instant now = clock.instant();
        AccountToken token = AccountToken.issue(now, random);
        PendingRegistration registration = transactions.inTransaction(() -> {
            PendingRegistration pending = pendingOrRefusal(email);
            accounts.registrations().replaceToken(email, token.stored());
            return pending.withToken(token.stored());
        });
        runConfirmation(settings, registration, token, false);
    }

    private PendingRegistration pendingOrRefusal(Email email) {
        return accounts.registrations()
                .find(email)
                .orElseThrow(() ->
                        users.findPasswordAccount(email).isPresent() ? new UserAlreadyConfirmed() : new UserNotFound());
    }

    // ------------------------------------------------------------------ mails asked for

    @Override
    public void requestConfirmation(Email email) {
        settings();
        accounts.mailRequests().request(email, AccountMailRequests.Kind.CONFIRMATION, clock.instant());
    }

    @Override
    public void requestReset(Email email) {
        settings();
        accounts.mailRequests().request(email, AccountMailRequests.Kind.RESET, clock.instant());
    }

    @Override
    public int prepareRequested() {
        int handled = 0;
        while (handled < PREPARE_BATCH) {
            boolean took = transactions.inTransaction(() -> {
                List<AccountMailRequests.Request> taken =
                        accounts.mailRequests().take(1);
                taken.forEach(this::prepare);
                return !taken.isEmpty();
            });
            if (!took) {
                break;
            }
            handled++;
        }
        return handled;
    }

    /** One request, in its transaction: a mail if the address has something to mail about, else nothing. */
    private void prepare(AccountMailRequests.Request request) {
        UserpassSettings settings =
                providers.setting(AuthProvider.LOCAL_USERPASS).userpass();
        Instant now = clock.instant();
        switch (request.kind()) {
            case CONFIRMATION ->
                accounts.registrations()
                        .find(request.email())
                        .filter(pending -> !recentlyIssued(pending.token(), now))
                        .ifPresent(pending -> mailConfirmation(settings, pending, now));
            case RESET ->
                users.findPasswordAccount(request.email()).ifPresent(account -> {
                    boolean recent = accounts.resets()
                            .current(account.userId())
                            .filter(reset -> recentlyIssued(reset.token(), now))
                            .isPresent();
                    if (!recent) {
                        AccountToken token = AccountToken.issue(now, random);
                        accounts.resets().replace(new PasswordReset(account.userId(), token.stored(), now));
                        enqueue(request.email(), settings.resetPasswordSubject(), resetText(settings, token), now);
                    }
                });
        }
    }

    private static boolean recentlyIssued(AccountToken.Stored token, Instant now) {
        return token.expiresAt()
                .minus(AccountToken.LIFETIME)
                .plus(MAIL_INTERVAL)
                .isAfter(now);
    }

    private void mailConfirmation(UserpassSettings settings, PendingRegistration pending, Instant now) {
        AccountToken token = AccountToken.issue(now, random);
        accounts.registrations().replaceToken(pending.email(), token.stored());
        enqueue(pending.email(), settings.confirmEmailSubject(), confirmationText(settings, token), now);
    }

    private void enqueue(Email to, String subject, String text, Instant now) {
        String id = ObjectIdFormat.generate(now, random);
        accounts.outbox()
                .enqueue(new MailOutbox.NewMail(
                        id,
                        to.value(),
                        subject,
                        sealer.seal(text.getBytes(StandardCharsets.UTF_8), MailService.sealingContext(id)),
                        now));
    }

    static String confirmationText(UserpassSettings settings, AccountToken token) {
        StringBuilder text = new StringBuilder(
                "Hello,\n\nThis address was registered. To confirm it, open this link " + "within 30 minutes:\n\n");
        settings.emailConfirmationUrl()
                .ifPresent(url -> text.append(UserpassSettings.link(url, token.token(), token.tokenId()))
                        .append("\n\n"));
        return text.append("If you did not register, ignore this mail.\n\ntoken: ")
                .append(token.token())
                .append("\ntokenId: ")
                .append(token.tokenId())
                .append('\n')
                .toString();
    }

    static String resetText(UserpassSettings settings, AccountToken token) {
        StringBuilder text =
                new StringBuilder("Hello,\n\nSomeone asked to reset the password of this address. To choose "
                        + "a new one, open this link within 30 minutes:\n\n");
        settings.resetPasswordUrl()
                .ifPresent(url -> text.append(UserpassSettings.link(url, token.token(), token.tokenId()))
                        .append("\n\n"));
        return text.append("If you did not ask, ignore this mail: your password stays as it is.\n\ntoken: ")
                .append(token.token())
                .append("\ntokenId: ")
                .append(token.tokenId())
                .append('\n')
                .toString();
    }

    // ------------------------------------------------------------------ reset

    @Override
    public void reset(WithToken command) {
        if (!ObjectIdFormat.isValid(command.tokenId())) {
            throw new AccountTokenInvalid();
        }
        PasswordHash newHash = hasher.hash(command.password());
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            PasswordReset reset = accounts.resets()
                    .take(command.tokenId())
                    .filter(found -> found.token().accepts(command.token(), now))
                    .orElseThrow(AccountTokenInvalid::new); // rolled back: a wrong guess does not burn the token
            setPassword(reset.userId(), newHash, "reset with the mailed token");
            return null;
        });
    }

    /** Replaces the password and ends the user's stored sessions, in the caller's transaction. */
    private void setPassword(UserId userId, PasswordHash newHash, String detail) {
        User user = users.find(userId).orElseThrow(AccountTokenInvalid::new);
        Email email = user.email().orElseThrow(AccountTokenInvalid::new);
        Users.PasswordAccount account = users.findPasswordAccount(email).orElseThrow(AccountTokenInvalid::new);
        if (!users.replacePasswordHash(userId, account.passwordHash(), newHash)) {
            throw new AccountTokenInvalid(); // changed in between by another reset: this one loses
        }
        accounts.resets().removeAllOf(userId);
        int ended = sessions.removeAllOf(userId);
        audit.record(new AuditEvent(
                clock.instant(),
                new AuditActor.Client(),
                AuditAction.USER_PASSWORD_RESET,
                new AuditTarget.User(userId),
                detail + "; " + ended + " stored sessions ended"));
    }

    @Override
    public void callResetFunction(WithFunction command) {
        UserpassSettings settings = settings();
        if (!settings.runResetFunction()) {
            throw new AccountFunctionFailed(AccountFunctionFailed.Reason.NOT_CONFIGURED);
        }
        Users.PasswordAccount account =
                users.findPasswordAccount(command.email()).orElseThrow(UserNotFound::new);
        boolean currentPasswordValid = hasher.matches(command.password(), account.passwordHash());
        PasswordHash newHash = hasher.hash(command.password());
        Instant now = clock.instant();
        AccountToken token = AccountToken.issue(now, random);
        transactions.inTransaction(() -> {
            accounts.resets().replace(new PasswordReset(account.userId(), token.stored(), now));
            return null;
        });
        // the new password itself is never sent to the callback (ADR 0022)
        String body = "{\"type\":\"reset\",\"function\":"
                + json(settings.resetFunctionName().orElse(""))
                + ",\"username\":" + json(command.email().value()) + ",\"token\":" + json(token.token())
                + ",\"tokenId\":" + json(token.tokenId()) + ",\"currentPasswordValid\":" + currentPasswordValid
                + ",\"arguments\":" + command.argumentsJson() + "}";
        AccountCallbacks.Outcome outcome;
        try {
            outcome = callbacks.call(settings.resetFunctionUrl().orElseThrow(), body);
        } catch (AccountCallbacks.Unavailable e) {
            dropReset(token);
            throw new AccountFunctionFailed(AccountFunctionFailed.Reason.UNAVAILABLE);
        }
        switch (outcome) {
            case SUCCESS ->
                transactions.inTransaction(() -> {
                    accounts.resets().take(token.tokenId()).orElseThrow(AccountTokenInvalid::new);
                    setPassword(account.userId(), newHash, "reset by the custom reset");
                    return null;
                });
            case PENDING -> {
                // the app's callback delivers the token its own way; reset completes it
            }
            case FAIL -> {
                dropReset(token);
                throw new AccountFunctionFailed(AccountFunctionFailed.Reason.FAILED);
            }
        }
    }

    private void dropReset(AccountToken token) {
        transactions.inTransaction(() -> accounts.resets().take(token.tokenId()));
    }

    // ------------------------------------------------------------------ admin

    @Override
    public void confirm(ManageRegistrations.Command command) {
        transactions.inTransaction(() -> {
            PendingRegistration pending = pendingOrRefusal(command.email());
            confirm(pending, command.admin().actor(), "confirmed by the admin");
            return null;
        });
    }

    @Override
    public void sendConfirmation(ManageRegistrations.Command command) {
        UserpassSettings settings =
                providers.setting(AuthProvider.LOCAL_USERPASS).userpass();
        transactions.inTransaction(() -> {
            PendingRegistration pending = pendingOrRefusal(command.email());
            mailConfirmation(settings, pending, clock.instant());
            return null;
        });
    }

    @Override
    public ProviderSetting configure(ConfigureUserpass.Command command) {
        return transactions.inTransaction(() -> {
            ProviderSetting current = providers.setting(AuthProvider.LOCAL_USERPASS);
            Map<String, Object> config = new LinkedHashMap<>(current.config());
            command.settings().forEach((name, value) -> {
                if (value == null) {
                    config.remove(name);
                } else {
                    config.put(name, value);
                }
            });
            ProviderSetting changed = new ProviderSetting(AuthProvider.LOCAL_USERPASS, current.disabled(), config);
            providers.save(changed);
            audit.record(new AuditEvent(
                    clock.instant(),
                    command.admin().actor(),
                    AuditAction.PROVIDER_USERPASS_SETTINGS_CHANGED,
                    new AuditTarget.Provider(AuthProvider.LOCAL_USERPASS),
                    "settings " + String.join(", ", command.settings().keySet())));
            return changed;
        });
    }

    /** A JSON string literal. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
