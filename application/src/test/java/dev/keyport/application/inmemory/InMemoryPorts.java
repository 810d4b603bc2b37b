package dev.keyport.application.inmemory;

import dev.keyport.application.contract.DrivenPorts;
import java.time.Clock;

/** A fresh, empty set of in-memory adapters. */
public final class InMemoryPorts {
    private InMemoryPorts() {
    }

    public static DrivenPorts fresh() {
        InMemoryDatabase db = new InMemoryDatabase();
        InMemoryApiKeys keys = new InMemoryApiKeys(db);
        return new DrivenPorts(new InMemoryUsers(db), keys, keys, new InMemorySessions(db), new InMemoryEndedSessions(), db,
                new InMemoryServerApiKeys(db), new InMemoryAuthProviders(db), new InMemoryAuditTrail(db),
                new InMemoryAdminAccounts(), new InMemoryLoginFailures(Clock.systemUTC()));
    }
}
