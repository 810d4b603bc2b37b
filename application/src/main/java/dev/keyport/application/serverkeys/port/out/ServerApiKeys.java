package dev.keyport.application.serverkeys.port.out;

import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.apikey.ServerKeyRoster;

/** Where the app's server API keys are kept, as one roster (their server users live in {@link Users}). */
public interface ServerApiKeys {

    /**
     * Loads the roster and locks it until the surrounding transaction ends, so that concurrent
     * changes happen one after the other. Outside
     * {@link Transactions#inTransaction} it throws {@link IllegalStateException}.
     */
    ServerKeyRoster lockRoster();

    /** Loads the roster for reading, without a lock. */
    ServerKeyRoster roster();

    /** Applies the roster's {@link ServerKeyRoster#changes()}. */
    /** Applies the roster's changes; inside a transaction only, like {@link #lockRoster}. */
    void save(ServerKeyRoster roster);
}
