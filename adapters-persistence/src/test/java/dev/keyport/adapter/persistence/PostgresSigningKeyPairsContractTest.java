package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.contract.SigningKeyPairsContract;

class PostgresSigningKeyPairsContractTest extends SigningKeyPairsContract {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
