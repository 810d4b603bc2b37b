package dev.keyport.application.inmemory;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.contract.AdminAccountsContract;

class InMemoryAdminAccountsContractTest extends AdminAccountsContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryPorts.fresh();
    }
}
