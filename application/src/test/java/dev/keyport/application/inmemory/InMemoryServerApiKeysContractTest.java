package dev.keyport.application.inmemory;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.contract.ServerApiKeysContract;

class InMemoryServerApiKeysContractTest extends ServerApiKeysContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryPorts.fresh();
    }
}
