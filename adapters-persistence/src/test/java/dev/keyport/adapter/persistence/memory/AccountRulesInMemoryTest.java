package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.AccountRules;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.accounts.port.out.AccountPorts;

/** The application's {@link AccountRules} on the in-memory store. */
class AccountRulesInMemoryTest extends AccountRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }

    @Override
    protected AccountPorts accountsOf(DrivenPorts ports) {
        return InMemoryStore.accounts(ports);
    }
}
