package dev.keyport.application.inmemory;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.contract.AuditTrailContract;

class InMemoryAuditTrailContractTest extends AuditTrailContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryPorts.fresh();
    }
}
