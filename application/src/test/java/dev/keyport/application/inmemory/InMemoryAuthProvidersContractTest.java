package dev.keyport.application.inmemory;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.contract.AuthProvidersContract;

class InMemoryAuthProvidersContractTest extends AuthProvidersContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryPorts.fresh();
    }
}
