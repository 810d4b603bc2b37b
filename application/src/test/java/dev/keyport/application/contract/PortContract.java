package dev.keyport.application.contract;

import dev.keyport.application.DrivenPorts;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every driven-port contract: each test starts on an empty store of the adapter family
 * under test ({@link #freshPorts}), in memory or on PostgreSQL.
 */
public abstract class PortContract {
    protected DrivenPorts ports;

    protected abstract DrivenPorts freshPorts();

    @BeforeEach
    public void openFreshStore() {
        ports = freshPorts();
    }
}
