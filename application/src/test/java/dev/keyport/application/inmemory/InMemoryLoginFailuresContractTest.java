package dev.keyport.application.inmemory;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.contract.LoginFailuresContract;

class InMemoryLoginFailuresContractTest extends LoginFailuresContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryPorts.fresh();
    }
}
