package dev.keyport.application;

import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.sessions.service.SessionPolicy;
import dev.keyport.application.shared.port.out.PasswordHasher;
import java.time.Clock;

/**
 * A suite of use-case rules over one store, run on the graph of the composition root: a subclass names the
 * store ({@link #freshPorts()}) and hands the setup to the root ({@link #compose(GraphSetup)}); no suite
 * builds a service itself.
 */
public abstract class GraphSuite {
    protected abstract DrivenPorts freshPorts();

    /** The composition root's graph for this setup (bootstrap's {@code TestGraph.compose}). */
    protected abstract App compose(GraphSetup setup);

    protected final App wire(DrivenPorts ports, Clock clock, AdminAccountService.Settings admin) {
        return compose(GraphSetup.of(ports, clock, admin));
    }

    protected final App wire(
            DrivenPorts ports, Clock clock, AdminAccountService.Settings admin, PasswordHasher hasher) {
        return compose(GraphSetup.of(ports, clock, admin).withHasher(hasher));
    }

    protected final App wire(
            DrivenPorts ports,
            Clock clock,
            AdminAccountService.Settings admin,
            PasswordHasher hasher,
            SessionPolicy policy) {
        return compose(GraphSetup.of(ports, clock, admin).withHasher(hasher).withPolicy(policy));
    }
}
