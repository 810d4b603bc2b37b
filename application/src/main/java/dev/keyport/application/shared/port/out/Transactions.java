package dev.keyport.application.shared.port.out;

import java.util.function.Supplier;

/**
 * Runs a piece of use-case work atomically: everything it writes through the driven ports is
 * kept together or not at all. A domain exception thrown by the work rolls everything back.
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);
}
