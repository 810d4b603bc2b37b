package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.contract.AuthProvidersContract;

class InMemoryAuthProvidersContractTest extends AuthProvidersContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
