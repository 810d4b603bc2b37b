package dev.keyport.application.customtoken.service;

import dev.keyport.application.customtoken.port.in.LinkCustomToken;
import dev.keyport.application.customtoken.port.in.LogInWithCustomToken;
import dev.keyport.application.customtoken.port.out.CustomTokenSignatures;
import dev.keyport.application.customtoken.port.out.ExternalIdentities;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.providers.port.out.ProviderSecrets;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.sessions.service.SessionOpener;
import dev.keyport.application.sessions.service.SessionPolicy;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.customtoken.AcceptedToken;
import dev.keyport.domain.customtoken.CustomTokenSettings;
import dev.keyport.domain.error.CredentialsCannotBeLinked;
import dev.keyport.domain.error.CustomTokenRefused;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code custom-token} logins and links: the signature through {@link CustomTokenSignatures}, the claims through the
 * provider's {@link CustomTokenSettings} (expiry, audience, subject, metadata), then the user keyed by issuer and
 * subject. A refused token writes nothing but its audit event.
 */
public final class CustomTokenService implements LogInWithCustomToken, LinkCustomToken {
    /** Longest token looked at; anything longer is refused before it is parsed. */
    static final int MAX_TOKEN_LENGTH = 16_384;

    private final AuthProviders providers;
    private final ProviderSecrets secrets;
    private final SecretSealer sealer;
    private final CustomTokenSignatures signatures;
    private final ExternalIdentities identities;
    private final Users users;
    private final Sessions sessions;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;
    private final RandomGenerator random;
    private final SessionOpener opener;

    @SuppressWarnings("checkstyle:ParameterNumber")
    public CustomTokenService(
            AuthProviders providers,
            ProviderSecrets secrets,
            SecretSealer sealer,
            CustomTokenSignatures signatures,
            ExternalIdentities identities,
            Users users,
            Sessions sessions,
            Transactions transactions,
            AuditTrail audit,
            Clock clock,
            RandomGenerator random,
            SessionPolicy policy) {
        this.providers = providers;
        this.secrets = secrets;
        this.sealer = sealer;
        this.signatures = signatures;
        this.identities = identities;
        this.users = users;
        this.sessions = sessions;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.opener = new SessionOpener(clock, random, policy);
    }

    @Override
    public OpenedSession logIn(LogInWithCustomToken.Command command) {
        AcceptedToken token = accepted(command.token());
        Identity.External identity = new Identity.External(AuthProvider.CUSTOM_TOKEN, token.issuer(), token.subject());
        UserId user;
        boolean created;
        try {
            Found found = transactions.inTransaction(() -> findOrCreate(identity, token));
            user = found.user();
            created = found.created();
        } catch (ExternalIdentities.IdentityTaken raced) {
            // A concurrent first login of the same identity committed first: this one finds that user.
            Found found = transactions.inTransaction(() -> findOrCreate(identity, token));
            user = found.user();
            created = found.created();
        }
        SessionOpener.Draft draft = opener.draft(user, command.device());
        sessions.add(draft.session());
        audit.record(new AuditEvent(
                clock.instant(),
                AuditActor.CLIENT,
                AuditAction.JWT_LOGIN_SUCCEEDED,
                new AuditTarget.User(user),
                (created ? "first login, user created" : "login") + " for subject " + token.subject()));
        return draft.opened();
    }

    private record Found(UserId user, boolean created) {}

    private Found findOrCreate(Identity.External identity, AcceptedToken token) {
        Optional<UserId> existing = identities.findUser(identity);
        if (existing.isPresent()) {
            identities.replaceData(existing.get(), token.data());
            return new Found(existing.get(), false);
        }
        Instant now = clock.instant();
        UserId id = UserId.generate(now, random);
        identities.addUser(
                new User(
                        id,
                        UserType.NORMAL,
                        List.of(identity.withId(IdentityId.generate(now, random))),
                        Optional.empty(),
                        now,
                        token.data()),
                identity);
        return new Found(id, true);
    }

    @Override
    public User link(LinkCustomToken.Command command) {
        AcceptedToken token = accepted(command.token());
        Identity.External identity = new Identity.External(AuthProvider.CUSTOM_TOKEN, token.issuer(), token.subject());
        UserId caller = command.caller().userId();
        try {
            transactions.inTransaction(() -> {
                User user = users.find(caller).orElseThrow(UserNotFound::new);
                Optional<UserId> owner = identities.findUser(identity);
                if (owner.isPresent() && !owner.get().equals(caller)) {
                    throw new ExternalIdentities.IdentityTaken();
                }
                if (owner.isEmpty()) {
                    identities.attach(user.id(), identity);
                }
                identities.replaceData(user.id(), token.data());
                audit.record(new AuditEvent(
                        clock.instant(),
                        AuditActor.CLIENT,
                        AuditAction.JWT_IDENTITY_LINKED,
                        new AuditTarget.User(user.id()),
                        "subject " + token.subject()));
                return null;
            });
        } catch (ExternalIdentities.IdentityTaken taken) {
            throw new CredentialsCannotBeLinked(); // as linking an email that belongs to another user (ADR 0023)
        }
        return users.find(caller).orElseThrow(UserNotFound::new);
    }

    /** The provider on and configured, the signature, then the claims; a refusal is audited and rethrown. */
    private AcceptedToken accepted(String token) {
        ProviderSetting setting = providers.setting(AuthProvider.CUSTOM_TOKEN);
        try {
            setting.requireEnabled();
        } catch (ProviderDisabled refusal) {
            refused(refusal.getMessage());
            throw refusal;
        }
        CustomTokenSettings settings = setting.customToken();
        try {
            if (token.length() > MAX_TOKEN_LENGTH) {
                throw new CustomTokenRefused(dev.keyport.domain.customtoken.CustomTokenRefusal.TOO_LARGE);
            }
            CustomTokenSignatures.Keys keys = settings.jwkUri()
                    .<CustomTokenSignatures.Keys>map(CustomTokenSignatures.Keys.JwkUri::new)
                    .orElseGet(() -> new CustomTokenSignatures.Keys.SharedSecrets(sharedSecrets(settings)));
            return settings.accept(signatures.verify(token, settings.algorithm(), keys), clock.instant());
        } catch (CustomTokenRefused refusal) {
            refused(refusal.reason().text());
            throw refusal;
        }
    }

    private List<byte[]> sharedSecrets(CustomTokenSettings settings) {
        List<byte[]> values = new ArrayList<>();
        for (String name : settings.signingKeyNames()) {
            secrets.find(name)
                    .map(stored -> sealer.open(stored, ProviderSecrets.sealingContext(name)))
                    .ifPresent(values::add);
        }
        return values;
    }

    private void refused(String reason) {
        audit.record(new AuditEvent(
                clock.instant(),
                AuditActor.CLIENT,
                AuditAction.JWT_LOGIN_REFUSED,
                new AuditTarget.Provider(AuthProvider.CUSTOM_TOKEN),
                reason));
    }
}
