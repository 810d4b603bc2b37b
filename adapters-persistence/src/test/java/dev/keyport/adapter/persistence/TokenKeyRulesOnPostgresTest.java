package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.TokenKeyRules;

/** The application's {@link TokenKeyRules} on PostgreSQL. */
class TokenKeyRulesOnPostgresTest extends TokenKeyRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
