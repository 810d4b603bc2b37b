package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code logback.xml} (not the tests' {@code logback-test.xml}) installs {@link RequestIdInLogs}, in both
 * formats: without it, no event but the request log's own would carry {@code request_id}.
 */
class LoggingConfigurationTest {

    @Test
    void the_shipped_configuration_installs_the_request_id_filter_and_quiets_health_probes_in_both_formats()
            throws JoranException {
        for (String format : new String[] {"text", "json"}) {
            LoggerContext logging = new LoggerContext();
            logging.putProperty("KEYPORT_LOG_FORMAT", format);
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(logging);
            configurator.doConfigure(LoggingConfigurationTest.class.getResource("/logback.xml"));
            assertThat(logging.getTurboFilterList()).as(format).hasExactlyElementsOfTypes(RequestIdInLogs.class);
            assertThat(logging.getLogger("io.micronaut.management.health.indicator.HealthResult")
                            .isErrorEnabled())
                    .as(format + ": a failed health probe logs no ERROR stack (one per probe during an outage)")
                    .isFalse();
            assertThat(logging.getLogger("dev.keyport.adapter.rest.error.ErrorHandlers")
                            .isWarnEnabled())
                    .as(format + ": the requests that meet the outage still say so")
                    .isTrue();
            logging.stop();
        }
    }
}
