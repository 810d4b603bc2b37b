package dev.keyport.adapter.persistence;

import dev.keyport.application.SigningKeyRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link SigningKeyRules} on PostgreSQL. */
class SigningKeyRulesOnPostgresTest extends SigningKeyRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
