package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.AdminUseCaseRules;
import dev.keyport.application.App;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.GraphSetup;
import dev.keyport.bootstrap.TestGraph;

/** The application's {@link AdminUseCaseRules} on the in-memory store. */
class AdminUseCaseRulesInMemoryTest extends AdminUseCaseRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }

    @Override
    protected App compose(GraphSetup setup) {
        return TestGraph.compose(setup);
    }
}
