package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.contract.WebhookOutboxContract;

class InMemoryWebhookOutboxContractTest extends WebhookOutboxContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
