package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.TokenKeyRules;

/** The application's {@link TokenKeyRules} on the in-memory store. */
class TokenKeyRulesInMemoryTest extends TokenKeyRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
