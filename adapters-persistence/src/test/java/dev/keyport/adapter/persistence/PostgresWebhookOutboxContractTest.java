package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.contract.WebhookOutboxContract;

class PostgresWebhookOutboxContractTest extends WebhookOutboxContract {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
