package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.CustomTokenRules;
import dev.keyport.application.DrivenPorts;

/** The application's {@link CustomTokenRules} on the in-memory store. */
class CustomTokenRulesInMemoryTest extends CustomTokenRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
