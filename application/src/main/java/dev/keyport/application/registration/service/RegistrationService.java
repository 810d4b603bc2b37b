package dev.keyport.application.registration.service;

import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserEvent;
import dev.keyport.domain.user.UserType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Registers email/password users; each registration records a {@link UserEvent.Registered} with it. */
public final class RegistrationService implements RegisterUser {
    private final Users users;
    private final AuthProviders providers;
    private final PasswordHasher passwordHasher;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final RandomGenerator random;

    public RegistrationService(
            Users users,
            AuthProviders providers,
            PasswordHasher passwordHasher,
            Transactions transactions,
            AuditTrail audit,
            Clock clock,
            RandomGenerator random) {
        this.users = users;
        this.providers = providers;
        this.passwordHasher = passwordHasher;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public RegisteredUser register(Command command) {
        providers.setting(AuthProvider.LOCAL_USERPASS).requireEnabled();
        if (users.findPasswordAccount(command.email()).isPresent()) {
            throw new EmailAlreadyRegistered(); // fail fast before the deliberately slow hash
        }
        PasswordHash hash = passwordHasher.hash(command.password());
        Instant now = clock.instant();
        UserId userId = UserId.generate(now, random);
        Identity identity = new Identity(
                IdentityId.generate(now, random),
                AuthProvider.LOCAL_USERPASS,
                command.email().value());
        User user = new User(userId, UserType.NORMAL, List.of(identity), Optional.of(command.email()), now);
        // The store's unique constraint still decides when two registrations race.
        transactions.inTransaction(() -> {
            users.addWithPassword(user, command.email(), hash);
            audit.record(new UserEvent.Registered(now, userId, AuthProvider.LOCAL_USERPASS));
            return user;
        });
        return new RegisteredUser(userId);
    }
}
