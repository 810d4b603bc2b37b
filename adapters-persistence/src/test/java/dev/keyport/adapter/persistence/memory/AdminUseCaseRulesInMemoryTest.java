package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.AdminUseCaseRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link AdminUseCaseRules} on the in-memory store. */
class AdminUseCaseRulesInMemoryTest extends AdminUseCaseRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
