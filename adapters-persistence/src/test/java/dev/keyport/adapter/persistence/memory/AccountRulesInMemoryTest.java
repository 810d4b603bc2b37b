package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.AccountRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link AccountRules} (issue 24) on the in-memory store. */
class AccountRulesInMemoryTest extends AccountRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
