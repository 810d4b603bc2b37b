package dev.keyport.application;

import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.application.accounts.port.out.MailSender;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.customtoken.port.out.CustomTokenSignatures;
import dev.keyport.application.sessions.service.SessionPolicy;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.webhooks.port.out.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a use-case suite may vary when it asks the composition root for its graph: the store's ports, the
 * clock, the admin account, the hasher, the session policy, and the webhook side. Everything else is the
 * production default. The root itself lives in bootstrap; the suites' subclasses there hand it these.
 */
public record GraphSetup(
        DrivenPorts ports,
        Clock clock,
        AdminAccountService.Settings admin,
        PasswordHasher hasher,
        SessionPolicy policy,
        Optional<WebhookSender> webhookSender,
        Optional<SecretSealer> sealer,
        Optional<Integer> maxPendingPerEndpoint,
        Optional<Duration> webhookLease,
        Consumer<String> warnings,
        Optional<CustomTokenSignatures> customTokenSignatures,
        Optional<MailSender> mailSender,
        Optional<AccountCallbacks> accountCallbacks) {

    public static GraphSetup of(DrivenPorts ports, Clock clock, AdminAccountService.Settings admin) {
        return new GraphSetup(
                ports,
                clock,
                admin,
                new FastTestPasswordHasher(),
                new SessionPolicy(SessionPolicy.DEFAULT_REFRESH_TOKEN_LIFETIME),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                warning -> {},
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public GraphSetup withHasher(PasswordHasher other) {
        return new GraphSetup(
                ports,
                clock,
                admin,
                other,
                policy,
                webhookSender,
                sealer,
                maxPendingPerEndpoint,
                webhookLease,
                warnings,
                customTokenSignatures,
                mailSender,
                accountCallbacks);
    }

    public GraphSetup withPolicy(SessionPolicy other) {
        return new GraphSetup(
                ports,
                clock,
                admin,
                hasher,
                other,
                webhookSender,
                sealer,
                maxPendingPerEndpoint,
                webhookLease,
                warnings,
                customTokenSignatures,
                mailSender,
                accountCallbacks);
    }

    public GraphSetup withPorts(DrivenPorts other) {
        return new GraphSetup(
                other,
                clock,
                admin,
                hasher,
                policy,
                webhookSender,
                sealer,
                maxPendingPerEndpoint,
                webhookLease,
                warnings,
                customTokenSignatures,
                mailSender,
                accountCallbacks);
    }

    /** Webhooks posted through {@code sender}, secrets sealed by {@code sealer}, at most {@code maxPending} per endpoint. */
    public GraphSetup withWebhooks(
            WebhookSender sender, SecretSealer secrets, int maxPending, Duration lease, Consumer<String> warningsSeen) {
        return new GraphSetup(
                ports,
                clock,
                admin,
                hasher,
                policy,
                Optional.of(sender),
                Optional.of(secrets),
                Optional.of(maxPending),
                Optional.of(lease),
                warningsSeen,
                customTokenSignatures,
                mailSender,
                accountCallbacks);
    }

    /** custom-token signatures checked by {@code signatures} (a fake that trusts the tokens it was told of). */
    public GraphSetup withCustomTokenSignatures(CustomTokenSignatures signatures) {
        return new GraphSetup(
                ports,
                clock,
                admin,
                hasher,
                policy,
                webhookSender,
                sealer,
                maxPendingPerEndpoint,
                webhookLease,
                warnings,
                Optional.of(signatures),
                mailSender,
                accountCallbacks);
    }

    /** Confirmation and reset mails sent through {@code mail}, callbacks made by {@code callbacks}, sealed by {@code secrets}. */
    public GraphSetup withAccounts(Optional<MailSender> mail, AccountCallbacks callbacks, SecretSealer secrets) {
        return new GraphSetup(
                ports,
                clock,
                admin,
                hasher,
                policy,
                webhookSender,
                Optional.of(secrets),
                maxPendingPerEndpoint,
                webhookLease,
                warnings,
                customTokenSignatures,
                mail,
                Optional.of(callbacks));
    }
}
