package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import java.time.Clock;

/**
 * The in-memory adapters: every driven port over one process-local store, with the same contracts as
 * the PostgreSQL adapters (the contract suites run on both). Nothing survives a restart and nothing is
 * shared between instances: for tests, demos and trying Keyport out ({@code KEYPORT_STORE=memory}).
 */
public final class InMemoryStore {
    private InMemoryStore() {}

    /** The ports of confirmation and reset (ADR 0022) over the same store as {@code ports} (made by {@link #fresh()}). */
    public static dev.keyport.application.accounts.port.out.AccountPorts accounts(DrivenPorts ports) {
        return ports.accounts();
    }

    /** A fresh, empty store. */
    public static DrivenPorts fresh() {
        InMemoryDatabase db = new InMemoryDatabase();
        InMemoryApiKeys keys = new InMemoryApiKeys(db);
        InMemoryWebhooks webhooks = new InMemoryWebhooks(db);
        return new DrivenPorts(
                new InMemoryUsers(db),
                keys,
                keys,
                new InMemorySessions(db),
                new InMemoryEndedSessions(),
                db,
                new InMemoryServerApiKeys(db),
                new InMemoryAuthProviders(db),
                new InMemoryAuditTrail(db),
                new InMemoryAdminAccounts(),
                new InMemoryLoginFailures(Clock.systemUTC()),
                new InMemoryServerSecrets(),
                new InMemorySigningKeyPairs(),
                webhooks,
                webhooks,
                new InMemoryKeyExpiryNotices(db),
                new InMemoryTokenKeySet(db),
                new InMemoryProviderSecrets(db),
                new InMemoryExternalIdentities(db),
                InMemoryAccounts.over(db));
    }
}
