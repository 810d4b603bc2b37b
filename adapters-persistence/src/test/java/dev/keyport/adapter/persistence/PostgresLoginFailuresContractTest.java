package dev.keyport.adapter.persistence;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.contract.LoginFailuresContract;
import org.junit.jupiter.api.AfterAll;

class PostgresLoginFailuresContractTest extends LoginFailuresContract {
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
