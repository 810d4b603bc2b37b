package dev.keyport.adapter.persistence;

import dev.keyport.application.App;
import dev.keyport.application.ConfirmationAndResetRules;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.GraphSetup;
import dev.keyport.bootstrap.TestGraph;

/** The application's {@link ConfirmationAndResetRules} on PostgreSQL. */
class ConfirmationAndResetRulesOnPostgresTest extends ConfirmationAndResetRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }

    @Override
    protected App compose(GraphSetup setup) {
        return TestGraph.compose(setup);
    }
}
