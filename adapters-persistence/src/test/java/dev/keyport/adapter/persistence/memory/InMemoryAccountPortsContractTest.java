package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.contract.AccountPortsContract;

class InMemoryAccountPortsContractTest extends AccountPortsContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }

    @Override
    protected AccountPorts accountsOf(DrivenPorts ports) {
        return InMemoryStore.accounts(ports);
    }
}
