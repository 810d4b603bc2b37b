package dev.keyport.application;

import dev.keyport.application.admin.service.AdminAccountService;
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
public record GraphSetup(DrivenPorts ports, Clock clock, AdminAccountService.Settings admin, PasswordHasher hasher,
                         SessionPolicy policy, Optional<WebhookSender> webhookSender, Optional<SecretSealer> sealer,
                         Optional<Integer> maxPendingPerEndpoint, Optional<Duration> webhookLease,
                         Consumer<String> warnings) {

    public static GraphSetup of(DrivenPorts ports, Clock clock, AdminAccountService.Settings admin) {
        return new GraphSetup(ports, clock, admin, new FastTestPasswordHasher(),
                new SessionPolicy(SessionPolicy.DEFAULT_REFRESH_TOKEN_LIFETIME), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), warning -> { });
    }

    public GraphSetup withHasher(PasswordHasher other) {
        return new GraphSetup(ports, clock, admin, other, policy, webhookSender, sealer, maxPendingPerEndpoint,
                webhookLease, warnings);
    }

    public GraphSetup withPolicy(SessionPolicy other) {
        return new GraphSetup(ports, clock, admin, hasher, other, webhookSender, sealer, maxPendingPerEndpoint,
                webhookLease, warnings);
    }

    public GraphSetup withPorts(DrivenPorts other) {
        return new GraphSetup(other, clock, admin, hasher, policy, webhookSender, sealer, maxPendingPerEndpoint,
                webhookLease, warnings);
    }

    /** Webhooks posted through {@code sender}, secrets sealed by {@code sealer}, at most {@code maxPending} per endpoint. */
    public GraphSetup withWebhooks(WebhookSender sender, SecretSealer secrets, int maxPending, Duration lease,
                                   Consumer<String> warningsSeen) {
        return new GraphSetup(ports, clock, admin, hasher, policy, Optional.of(sender), Optional.of(secrets),
                Optional.of(maxPending), Optional.of(lease), warningsSeen);
    }
}
