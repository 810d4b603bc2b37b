package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import dev.keyport.adapter.rest.observe.RequestIds;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.propagation.PropagatedContext;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The request id reaches the MDC of the events logged while a request runs, on any thread, and no other event. */
class RequestIdInLogsTest {
    private final LoggerContext logging = new LoggerContext();
    /** The {@code request_id} of each event logged, as an encoder would read it. */
    private final java.util.List<String> ids = new java.util.ArrayList<>();

    private final Logger logger = loggerWithTheFilter();

    /** A logger at INFO in a Logback of its own, with {@link RequestIdInLogs} as its first turbo filter. */
    private Logger loggerWithTheFilter() {
        logging.setMDCAdapter(new LogbackMDCAdapter());
        RequestIdInLogs filter = new RequestIdInLogs();
        filter.setContext(logging);
        filter.start();
        logging.addTurboFilter(filter);
        AppenderBase<ILoggingEvent> events = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                ids.add(event.getMDCPropertyMap().get(RequestIdInLogs.KEY));
            }
        };
        events.setContext(logging);
        events.start();
        Logger logger = logging.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.addAppender(events);
        return logger;
    }

    @Test
    void events_logged_for_a_request_carry_its_id_and_others_none() throws Exception {
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
                .plus(new RequestIds.Observed(System.nanoTime(), "request-1"))
                .propagate()) {
            logger.info("on the thread that serves it");
            Runnable onAnother = PropagatedContext.get().wrap(() -> logger.warn("on another thread it moved to"));
            try (var virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                virtual.submit(onAnother).get();
            }
        }
        logger.info("after the request");
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
                .plus(new RequestIds.Observed(System.nanoTime(), null))
                .propagate()) {
            logger.info("a request with the request log off");
        }
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
                .plus(new RequestIds.Observed(System.nanoTime(), "request-2"))
                .propagate()) {
            logger.info("the next request on this thread");
        }

        // another turbo filter that lets DEBUG events through (an operator's DynamicThresholdFilter, say): a call below
        // the logger's level is logged after all, and must carry its own request's id, not the thread's last one
        ch.qos.logback.classic.turbo.TurboFilter acceptsDebug = new ch.qos.logback.classic.turbo.TurboFilter() {
            @Override
            public ch.qos.logback.core.spi.FilterReply decide(
                    org.slf4j.Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
                return level == Level.DEBUG
                        ? ch.qos.logback.core.spi.FilterReply.ACCEPT
                        : ch.qos.logback.core.spi.FilterReply.NEUTRAL;
            }
        };
        acceptsDebug.start();
        logging.addTurboFilter(acceptsDebug);
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
                .plus(new RequestIds.Observed(System.nanoTime(), "request-3"))
                .propagate()) {
            logger.debug("below the logger's level, let through by the other filter");
        }

        assertThat(ids).containsExactly("request-1", "request-1", null, null, "request-2", "request-3");
    }

    @Test
    void with_micrometers_counting_filter_a_call_that_will_not_log_leaves_the_mdc_alone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new LogbackMetrics(List.of(), logging)
                .bindTo(registry); // adds Micrometer's MetricsTurboFilter, as with metrics on
        assertThat(logging.getTurboFilterList()).hasSize(2);

        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
                .plus(new RequestIds.Observed(System.nanoTime(), "request-4"))
                .propagate()) {
            logger.info("logged");
        }
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty()
                .plus(new RequestIds.Observed(System.nanoTime(), "request-5"))
                .propagate()) {
            assertThat(logger.isDebugEnabled()).isFalse();
            logger.debug("not logged");
            assertThat(logging.getMDCAdapter().get(RequestIdInLogs.KEY))
                    .as("a call below the level does not read the request or write the MDC")
                    .isEqualTo("request-4");
            logger.info("logged");
        }

        assertThat(ids).containsExactly("request-4", "request-5");
        assertThat(registry.get("logback.events").tag("level", "info").counter().count())
                .isEqualTo(2.0);
    }
}
