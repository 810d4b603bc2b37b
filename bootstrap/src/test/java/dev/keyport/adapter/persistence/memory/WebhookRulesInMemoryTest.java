package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.App;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.GraphSetup;
import dev.keyport.application.WebhookRules;
import dev.keyport.bootstrap.TestGraph;

/** The application's {@link WebhookRules} on the in-memory store. */
class WebhookRulesInMemoryTest extends WebhookRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }

    @Override
    protected App compose(GraphSetup setup) {
        return TestGraph.compose(setup);
    }
}
