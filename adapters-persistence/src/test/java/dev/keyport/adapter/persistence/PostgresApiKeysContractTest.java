package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.contract.ApiKeysContract;

class PostgresApiKeysContractTest extends ApiKeysContract {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }

    @Override
    protected void flushUsage() {
        PostgresAdapters.shared().usage().flush();
    }
}
