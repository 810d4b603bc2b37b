package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.SigningKeyRules;

/** The application's {@link SigningKeyRules} on PostgreSQL. */
class SigningKeyRulesOnPostgresTest extends SigningKeyRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
