package dev.keyport.adapter.persistence;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.contract.AuditTrailContract;
import org.junit.jupiter.api.AfterAll;

class PostgresAuditTrailContractTest extends AuditTrailContract {
    private static final PostgresAdapters ADAPTERS = new PostgresAdapters();

    @Override
    protected DrivenPorts freshPorts() {
        return ADAPTERS.fresh();
    }

    @AfterAll
    static void closeContext() {
        ADAPTERS.close();
    }
}
