package dev.keyport.application.accounts.service;

import dev.keyport.application.accounts.port.in.AdminUserCommand;
import dev.keyport.application.accounts.port.in.DeleteOwnAccount;
import dev.keyport.application.accounts.port.in.LinkCredentials;
import dev.keyport.application.accounts.port.in.ManageUsers;
import dev.keyport.application.customtoken.port.in.LinkCustomToken;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.sessions.port.in.VerifySession;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.error.CredentialsCannotBeLinked;
import dev.keyport.domain.error.KeySessionForbidden;
import dev.keyport.domain.error.ServerUserForbidden;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserEvent;
import dev.keyport.domain.user.UserType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Account operations of issue 24: a user deletes their account or links credentials to it; the admin lists,
 * disables, enables and deletes users. Each change runs in one transaction holding the user's row (the key ring's
 * lock), so it is serialised with key changes, logins that record a first login, and other account changes; its
 * {@link UserEvent} is recorded in that transaction (audit entry and webhooks).
 */
public final class AccountService implements DeleteOwnAccount, ManageUsers, LinkCredentials {
    private final LinkCustomToken linkCustomToken;
    private final Users users;
    private final ApiKeys apiKeys;
    private final Sessions sessions;
    private final AuthProviders providers;
    private final PasswordHasher passwordHasher;
    private final VerifySession verifySession;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private volatile PasswordHash timingDecoy;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public AccountService(
            Users users,
            ApiKeys apiKeys,
            Sessions sessions,
            AuthProviders providers,
            PasswordHasher passwordHasher,
            VerifySession verifySession,
            Transactions transactions,
            AuditTrail audit,
            Clock clock,
            LinkCustomToken linkCustomToken) {
        this.users = users;
        this.linkCustomToken = linkCustomToken;
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.providers = providers;
        this.passwordHasher = passwordHasher;
        this.verifySession = verifySession;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    // --- the user's own account ---------------------------------------------------------------------

    @Override
    public void deleteOwnAccount(Caller caller) {
        verifySession.requireLive(caller);
        requireNotKeySession(caller);
        delete(caller.userId(), new AuditActor.User(caller.userId()));
    }

    @Override
    public Caller link(LinkCredentials.Command command) {
        Caller caller = command.caller();
        verifySession.requireLive(caller);
        requireNotKeySession(caller);
        return switch (command.credential()) {
            // never checked: linking is no oracle for key values, and makes no anonymous user
            case LinkCredentials.ApiKey key -> throw new CredentialsCannotBeLinked();
            case LinkCredentials.Anonymous anonymous -> throw new CredentialsCannotBeLinked();
            case LinkCredentials.EmailPassword emailPassword -> linkPassword(caller, emailPassword);
            case LinkCredentials.CustomToken token -> linkToken(caller, token);
        };
    }

    /** The custom-token provider checks the token and adds the identity (ADR 0024); who may link is checked here. */
    private Caller linkToken(Caller caller, LinkCredentials.CustomToken credential) {
        requireNormalUser(caller.userId());
        linkCustomToken.link(new LinkCustomToken.Command(caller, credential.token()));
        return caller;
    }

    private Caller linkPassword(Caller caller, LinkCredentials.EmailPassword credential) {
        providers.setting(AuthProvider.LOCAL_USERPASS).requireEnabled();
        User current = requireNormalUser(caller.userId());
        if (hasPassword(current)) {
            throw new CredentialsCannotBeLinked(); // one email/password identity per user
        }
        Users.PasswordAccount account =
                users.findPasswordAccount(credential.email()).orElse(null);
        if (account == null) {
            passwordHasher.matches(credential.password(), timingDecoy()); // as a login: timing says nothing
            throw new WrongCredentials();
        }
        if (!passwordHasher.matches(credential.password(), account.passwordHash())) {
            throw new WrongCredentials();
        }
        if (!linkable(account, caller.userId())) {
            throw new CredentialsCannotBeLinked();
        }
        return transactions.inTransaction(() -> {
            // both rows held, in id order: a first login of the registration waits for this link, or wins before it
            UserId registration = account.userId();
            boolean currentFirst = caller.userId().value().compareTo(registration.value()) < 0;
            lock(currentFirst ? caller.userId() : registration);
            lock(currentFirst ? registration : caller.userId());
            Users.PasswordAccount held = users.findPasswordAccount(credential.email())
                    .filter(now -> now.userId().equals(registration)
                            && now.passwordHash().equals(account.passwordHash()))
                    .orElseThrow(WrongCredentials::new);
            User registered = users.find(registration).orElseThrow(WrongCredentials::new);
            if (!linkable(held, caller.userId())
                    || registered.identities().size() != 1
                    || !apiKeys.ring(registration).keys().isEmpty()
                    || hasPassword(users.find(caller.userId()).orElseThrow(UserNotFound::new))) {
                throw new CredentialsCannotBeLinked();
            }
            Identity identity = registered.identities().getFirst();
            users.remove(registration);
            users.linkPassword(caller.userId(), identity, credential.email(), held.passwordHash());
            audit.record(new UserEvent.IdentityLinked(
                    clock.instant(),
                    new AuditActor.User(caller.userId()),
                    caller.userId(),
                    "local-userpass identity " + identity.id().value() + " linked"));
            return caller;
        });
    }

    /** A registration that never logged in, is not disabled and is not the caller's already. */
    private static boolean linkable(Users.PasswordAccount account, UserId caller) {
        return !account.loggedInBefore()
                && !account.disabled()
                && !account.userId().equals(caller);
    }

    private static boolean hasPassword(User user) {
        return user.identities().stream().anyMatch(identity -> identity.provider() == AuthProvider.LOCAL_USERPASS);
    }

    // --- the admin's user management ------------------------------------------------------------------

    @Override
    public void disable(AdminUserCommand command) {
        transactions.inTransaction(() -> {
            User user = requireNormalUser(command.user());
            KeyRing ring = apiKeys.lockRing(user.id());
            if (users.isDisabled(user.id()).orElseThrow(UserNotFound::new)) {
                return null; // idempotent: nothing changes, nothing recorded
            }
            users.setDisabled(user.id(), true);
            // moving every key's generation on ends the key sessions, and is what tells every instance's key view
            int keys = ring.endAllSessions().size();
            apiKeys.save(ring);
            int stored = sessions.removeAllOf(user.id());
            audit.record(new UserEvent.Disabled(
                    clock.instant(),
                    command.admin().actor(),
                    user.id(),
                    stored + " stored sessions deleted, " + keys + " keys refuse logins and their sessions ended"));
            return null;
        });
    }

    @Override
    public void enable(AdminUserCommand command) {
        transactions.inTransaction(() -> {
            User user = requireNormalUser(command.user());
            apiKeys.lockRing(user.id());
            if (!users.isDisabled(user.id()).orElseThrow(UserNotFound::new)) {
                return null;
            }
            users.setDisabled(user.id(), false);
            audit.record(new UserEvent.Enabled(
                    clock.instant(),
                    command.admin().actor(),
                    user.id(),
                    "may log in again; ended sessions stay ended"));
            return null;
        });
    }

    @Override
    public void delete(AdminUserCommand command) {
        delete(command.user(), command.admin().actor());
    }

    @Override
    public Page list(ListQuery query) {
        List<Users.ListedUser> found = users.list(query.after(), query.limit());
        List<ListedUser> listed = found.stream()
                .map(user -> new ListedUser(user.user(), user.disabled() ? State.DISABLED : State.CONFIRMED))
                .toList();
        Optional<UserId> next = found.size() < query.limit()
                ? Optional.empty()
                : Optional.of(found.getLast().user().id());
        return new Page(listed, next);
    }

    // --- shared ---------------------------------------------------------------------------------------

    private void delete(UserId id, AuditActor actor) {
        transactions.inTransaction(() -> {
            User user = requireNormalUser(id);
            KeyRing ring = apiKeys.lockRing(user.id());
            int keys = ring.keys().size();
            int stored = sessions.removeAllOf(user.id());
            if (!users.remove(user.id())) {
                throw new UserNotFound();
            }
            audit.record(new UserEvent.Deleted(
                    clock.instant(),
                    actor,
                    user.id(),
                    "deleted with " + user.identities().size() + " identities, " + keys + " keys and " + stored
                            + " stored sessions"));
            return null;
        });
    }

    private User requireNormalUser(UserId id) {
        User user = users.find(id).orElseThrow(UserNotFound::new);
        if (user.type() == UserType.SERVER) {
            throw new ServerUserForbidden();
        }
        return user;
    }

    private void lock(UserId id) {
        try {
            apiKeys.lockRing(id);
        } catch (UserNotFound gone) {
            throw new WrongCredentials(); // deleted since the credentials were checked
        }
    }

    /**
     * A key is a credential for a device or a service, not for its owner (ADR 0017): a session opened with one may
     * not delete the account nor link credentials to it, unless the api-key provider allows key sessions to manage
     * keys.
     */
    private void requireNotKeySession(Caller caller) {
        if (caller.loggedInWith().isPresent()
                && !providers.setting(AuthProvider.API_KEY).keySessionsMayManageKeys()) {
            throw new KeySessionForbidden(
                    "a session opened with an API key cannot delete the account or link credentials "
                            + "to it; log in with the owner's credentials");
        }
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
