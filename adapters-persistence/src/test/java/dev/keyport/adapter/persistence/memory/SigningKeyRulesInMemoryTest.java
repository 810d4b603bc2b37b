package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.SigningKeyRules;

/** The application's {@link SigningKeyRules} on the in-memory store. */
class SigningKeyRulesInMemoryTest extends SigningKeyRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
