package dev.keyport.adapter.persistence;

import dev.keyport.application.AdminUseCaseRules;
import dev.keyport.application.App;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.GraphSetup;
import dev.keyport.bootstrap.TestGraph;

/** The application's {@link AdminUseCaseRules} on PostgreSQL. */
class AdminUseCaseRulesOnPostgresTest extends AdminUseCaseRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }

    @Override
    protected App compose(GraphSetup setup) {
        return TestGraph.compose(setup);
    }
}
