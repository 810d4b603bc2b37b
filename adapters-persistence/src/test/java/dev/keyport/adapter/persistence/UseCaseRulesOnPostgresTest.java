package dev.keyport.adapter.persistence;

import dev.keyport.application.UseCaseRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link UseCaseRules} on PostgreSQL. */
class UseCaseRulesOnPostgresTest extends UseCaseRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
