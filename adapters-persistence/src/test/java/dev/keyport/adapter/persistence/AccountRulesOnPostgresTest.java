package dev.keyport.adapter.persistence;

import dev.keyport.application.AccountRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link AccountRules} (issue 24) on PostgreSQL, through the key view. */
class AccountRulesOnPostgresTest extends AccountRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
