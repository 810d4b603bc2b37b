package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.application.App;
import dev.keyport.application.GraphSetup;
import dev.keyport.domain.user.Password;
import java.security.SecureRandom;

/**
 * The composition root ({@link Composition#compose}) for the use-case suites: the production defaults, with what
 * a {@link GraphSetup} varies put in its place. A suite's subclass answers {@code compose(setup)} with
 * {@code TestGraph.compose(setup)}; so the suites run the graph production runs.
 */
public final class TestGraph {
    private TestGraph() {}

    public static App compose(GraphSetup setup) {
        KeyportSettings d = KeyportSettings.defaults();
        KeyportSettings.Webhooks w = d.webhooks();
        KeyportSettings settings = new KeyportSettings(
                d.appId(),
                d.publicUrl(),
                d.store(),
                d.passwords(),
                new KeyportSettings.Sessions(
                        setup.admin().sessionLifetime(),
                        setup.policy().refreshTokenLifetime(),
                        setup.policy().maxEndedSessionsPerKey()),
                d.tokens(),
                d.loginThrottle(),
                d.introspectionThrottle(),
                new KeyportSettings.Admin(
                        setup.admin().username(),
                        setup.admin().configuredPassword().map(Password::reveal).orElse("")),
                new KeyportSettings.Webhooks(
                        w.refusedLoginEvery(),
                        setup.maxPendingPerEndpoint().orElse(w.maxPendingPerEndpoint()),
                        w.expiringWithin(),
                        w.retryBase(),
                        setup.webhookLease().orElse(w.lease()),
                        w.attemptTimeout(),
                        w.allowedNetworks(),
                        w.retention()),
                d.customToken(),
                d.mail());
        Composition graph = Composition.compose(
                new Composition.DrivenAdapters(
                        setup.ports(),
                        setup.hasher(),
                        setup.hasher(),
                        setup.sealer().orElseGet(AesGcmSecretSealer::ephemeral),
                        setup.webhookSender().orElse(NO_WEBHOOKS),
                        setup.clock(),
                        new SecureRandom(),
                        TokenSignatureProvider.choose("auto"),
                        setup.warnings(),
                        setup.customTokenSignatures()
                                .orElseGet(() -> KeyportBeans.customTokenSignatures(d.customToken())),
                        setup.mailSender(),
                        setup.accountCallbacks().orElse(NO_CALLBACKS)),
                settings);
        return new App(setup.ports(), graph.useCases(), graph.events());
    }

    /** A suite that names no callbacks reaches none: every custom confirmation or reset is unavailable. */
    private static final dev.keyport.application.accounts.port.out.AccountCallbacks NO_CALLBACKS = (url, body) -> {
        throw new dev.keyport.application.accounts.port.out.AccountCallbacks.Unavailable("no callbacks in this test");
    };

    /** A suite that names no sender posts nowhere: every attempt is unreachable. */
    private static final dev.keyport.application.webhooks.port.out.WebhookSender NO_WEBHOOKS = (url, headers, body) -> {
        throw new dev.keyport.application.webhooks.port.out.WebhookSender.Unreachable("no webhook sender in this test");
    };
}
