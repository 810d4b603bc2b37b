package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The switch of Micronaut's loom carrier ({@code KEYPORT_HTTP_LOOM_CARRIER}): off unless asked for, on only where the
 * JVM allows it, and a value that is neither true nor false stops the start. {@code LoomCarrierIT} runs the jar with
 * it on, as an operator would.
 */
class EventLoopCarrierTest {

    @Test
    void off_unless_asked_for_and_then_the_jvm_is_not_asked() {
        AtomicBoolean asked = new AtomicBoolean();
        assertThat(EventLoopCarrier.properties("false", () -> asked.getAndSet(true)))
                .isEmpty();
        assertThat(EventLoopCarrier.properties("", () -> asked.getAndSet(true))).isEmpty();
        assertThat(asked).isFalse();
    }

    @Test
    void on_when_asked_for_and_the_jvm_allows_it() {
        assertThat(EventLoopCarrier.properties(" true ", () -> true))
                .isEqualTo(Map.of("micronaut.netty.event-loops.default.loom-carrier", true));
    }

    @Test
    void asked_for_where_the_jvm_does_not_allow_it_runs_as_by_default() {
        assertThat(EventLoopCarrier.properties("true", () -> false)).isEmpty();
    }

    @Test
    void any_other_value_stops_the_start() {
        assertThatThrownBy(() -> EventLoopCarrier.properties("yes", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_HTTP_LOOM_CARRIER must be true or false, not 'yes'");
    }

    @Test
    void this_test_jvm_does_not_open_java_lang_so_the_carrier_is_not_allowed() {
        // surefire starts the tests without --add-opens: the check must see that, or the server would fail to start
        assertThat(EventLoopCarrier.jvmAllows()).isFalse();
    }
}
