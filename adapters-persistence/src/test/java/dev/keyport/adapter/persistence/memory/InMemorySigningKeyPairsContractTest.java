package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.contract.SigningKeyPairsContract;

class InMemorySigningKeyPairsContractTest extends SigningKeyPairsContract {
    @Override
    protected DrivenPorts freshPorts() {
        return InMemoryStore.fresh();
    }
}
