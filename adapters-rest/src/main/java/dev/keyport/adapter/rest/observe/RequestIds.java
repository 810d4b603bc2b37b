package dev.keyport.adapter.rest.observe;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.propagation.PropagatedContextElement;

/**
 * The id of the request the current thread works for, for the logs ({@code request_id} in the MDC).
 *
 * <p>{@link RequestObserver} puts what it keeps of a request ({@link Observed}: when it began, its id) into the
 * request's propagated context, which Micronaut sets on whichever thread runs a part of the request (the event loop
 * for the filters, a virtual thread for the controller) and clears after. It is a plain element, not one that
 * writes the MDC on every such switch: that cost the HTTP ceiling several per cent, and made some runs a fifth
 * slower than others (docs/performance.md, issue 25). The logging side reads the id when an event is logged
 * instead (bootstrap's {@code RequestIdInLogs}, a Logback turbo filter).
 */
public final class RequestIds {
    private RequestIds() {}

    /** The current request's id, or null (no request, or the request log is off). */
    public static String current() {
        Observed observed = observed();
        return observed == null ? null : observed.id();
    }

    /** What the observer keeps of the current request, or null. */
    static Observed observed() {
        PropagatedContext context = PropagatedContext.getOrEmpty();
        return context.find(Observed.class).orElse(null);
    }

    /** When the request began ({@link System#nanoTime()}), and its id (null without the request log). */
    public record Observed(long began, String id) implements PropagatedContextElement {}
}
