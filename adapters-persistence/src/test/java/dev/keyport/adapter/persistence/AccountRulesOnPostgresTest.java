package dev.keyport.adapter.persistence;

import dev.keyport.application.AccountRules;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.accounts.port.out.AccountPorts;

/** The application's {@link AccountRules} on PostgreSQL. */
class AccountRulesOnPostgresTest extends AccountRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }

    @Override
    protected AccountPorts accountsOf(DrivenPorts ports) {
        return PostgresAdapters.shared().accounts();
    }
}
