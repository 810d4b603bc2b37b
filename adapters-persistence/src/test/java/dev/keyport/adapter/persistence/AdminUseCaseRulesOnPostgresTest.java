package dev.keyport.adapter.persistence;

import dev.keyport.application.AdminUseCaseRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link AdminUseCaseRules} on PostgreSQL. */
class AdminUseCaseRulesOnPostgresTest extends AdminUseCaseRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
