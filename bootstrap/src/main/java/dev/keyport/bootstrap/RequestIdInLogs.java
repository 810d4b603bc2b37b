package dev.keyport.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.keyport.adapter.rest.observe.RequestIds;
import java.util.List;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.spi.MDCAdapter;

/**
 * Puts the id of the request being served ({@code request_id}, {@link RequestIds#current()}) into the MDC of every
 * event logged while it runs, whichever thread logs it; installed by {@code logback.xml}.
 *
 * <p>Logback asks a turbo filter before it makes an event, on the logging thread, so the MDC is set from the
 * request's propagated context just before each event that will be logged, and nothing is written on the thread
 * switches in between (writing the MDC on each switch cost the HTTP ceiling several per cent: {@link RequestIds}).
 * A call that will not log (a level below the logger's, with no other turbo filter that could let it through) costs
 * a comparison. The MDC entry can outlive its request on a thread, but every event that can be logged gets it set (or
 * removed) again first, so no event carries another request's id. A Logback configuration of one's own must install
 * this filter too, or events lose {@code request_id} (docs/operations.md#logs; {@code LoggingConfigurationTest}).
 */
public final class RequestIdInLogs extends TurboFilter {
    static final String KEY = "request_id";
    /** Turbo filters that only ever answer NEUTRAL. */
    private static final Set<String> NEVER_ACCEPT =
            Set.of("io.micrometer.core.instrument.binder.logging.MetricsTurboFilter");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != null
                && !level.isGreaterOrEqual(logger.getEffectiveLevel())
                && noOtherCanLetThrough(logger.getLoggerContext().getTurboFilterList())) {
            // a call below the logger's level that no other turbo filter can let through: it will not log
            return FilterReply.NEUTRAL;
        }
        MDCAdapter mdc = logger.getLoggerContext().getMDCAdapter(); // the MDC this logger's events read
        if (mdc == null) {
            return FilterReply.NEUTRAL;
        }
        String id = RequestIds.current();
        if (id == null) {
            mdc.remove(KEY);
        } else if (!id.equals(mdc.get(KEY))) {
            mdc.put(KEY, id);
        }
        return FilterReply.NEUTRAL;
    }

    /**
     * Whether every other turbo filter is one known never to accept an event: Micrometer's, which counts logged
     * events for {@code logback_events_total} and is installed whenever metrics are on (without this, every
     * {@code isTraceEnabled()} of the framework's, a dozen a request, read the propagated context and wrote the MDC:
     * about 2 % of the HTTP ceiling in a profile, docs/performance.md).
     */
    private boolean noOtherCanLetThrough(List<TurboFilter> filters) {
        for (int i = 0; i < filters.size(); i++) {
            TurboFilter filter = filters.get(i);
            if (filter != this && !NEVER_ACCEPT.contains(filter.getClass().getName())) {
                return false;
            }
        }
        return true;
    }
}
