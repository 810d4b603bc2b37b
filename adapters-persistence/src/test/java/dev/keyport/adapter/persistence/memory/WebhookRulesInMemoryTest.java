package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.WebhookRules;

/** The application's {@link WebhookRules} on the in-memory store. */
class WebhookRulesInMemoryTest extends WebhookRules {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
