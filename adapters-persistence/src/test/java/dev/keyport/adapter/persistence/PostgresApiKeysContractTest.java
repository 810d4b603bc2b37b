package dev.keyport.adapter.persistence;

import dev.keyport.application.contract.ApiKeysContract;
import dev.keyport.application.contract.DrivenPorts;
import org.junit.jupiter.api.AfterAll;

class PostgresApiKeysContractTest extends ApiKeysContract {
    private static final PostgresAdapters ADAPTERS = new PostgresAdapters();

    @Override
    protected DrivenPorts freshPorts() {
        return ADAPTERS.fresh();
    }

    @Override
    protected void flushUsage() {
        ADAPTERS.usage().flush();
    }

    @AfterAll
    static void closeContext() {
        ADAPTERS.close();
    }
}
