package dev.keyport.adapter.persistence;

import dev.keyport.application.CustomTokenRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link CustomTokenRules} on PostgreSQL. */
class CustomTokenRulesOnPostgresTest extends CustomTokenRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
