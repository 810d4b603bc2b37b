package dev.keyport.adapter.rest.log;

import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import org.slf4j.MDC;

/**
 * One MDC entry that follows a request from thread to thread (event loop, virtual thread) as part of
 * Micronaut's propagated context, and is restored to what the thread had before when the request leaves it.
 */
record MdcEntry(String key, String value) implements ThreadPropagatedContextElement<String> {

    @Override
    public String updateThreadContext() {
        String previous = MDC.get(key);
        MDC.put(key, value);
        return previous;
    }

    @Override
    public void restoreThreadContext(String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    /** The entry set on this thread until closed. */
    Scope open() {
        return new Scope(this, updateThreadContext());
    }

    record Scope(MdcEntry entry, String previous) implements AutoCloseable {
        @Override
        public void close() {
            entry.restoreThreadContext(previous);
        }
    }
}
