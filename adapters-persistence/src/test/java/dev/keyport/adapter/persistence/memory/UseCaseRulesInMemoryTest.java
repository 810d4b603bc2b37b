package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.UseCaseRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link UseCaseRules} on the in-memory store. */
class UseCaseRulesInMemoryTest extends UseCaseRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
