package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The switch of Micronaut's loom carrier ({@code KEYPORT_HTTP_LOOM_CARRIER}): off unless asked for, on only where the
 * JVM allows it, and a value that is not exactly true or false stops the start. {@code KeyportJarIT} runs the jar
 * with it on, as an operator would.
 */
class EventLoopCarrierTest {

    @Test
    void off_unless_asked_for_and_then_the_jvm_is_not_asked() {
        AtomicBoolean asked = new AtomicBoolean();
        assertThat(EventLoopCarrier.properties("false", () -> {
                    asked.set(true);
                    return Optional.empty();
                }))
                .isEmpty();
        assertThat(EventLoopCarrier.properties("", () -> {
                    asked.set(true);
                    return Optional.empty();
                }))
                .isEmpty();
        assertThat(asked).isFalse();
    }

    @Test
    void on_when_asked_for_and_the_jvm_allows_it() {
        assertThat(EventLoopCarrier.properties("true", Optional::empty))
                .isEqualTo(Map.of("micronaut.netty.event-loops.default.loom-carrier", true));
    }

    @Test
    void asked_for_where_the_jvm_does_not_allow_it_runs_as_by_default() {
        assertThat(EventLoopCarrier.properties("true", () -> Optional.of("no"))).isEmpty();
    }

    @Test
    void any_other_value_stops_the_start_even_true_with_a_space_which_the_start_script_would_not_read_as_true() {
        for (String value : new String[] {"yes", "TRUE", "1", "true ", " true"}) {
            assertThatThrownBy(() -> EventLoopCarrier.properties(value, Optional::empty))
                    .as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("KEYPORT_HTTP_LOOM_CARRIER must be true or false, not '" + value + "'");
        }
    }

    @Test
    void the_jvm_must_be_24_or_later_and_open_java_lang() {
        assertThat(EventLoopCarrier.whyNot(21, true)).hasValue("it needs JDK 24 or later (this is 21)");
        assertThat(EventLoopCarrier.whyNot(23, true))
                .hasValueSatisfying(why -> assertThat(why).contains("JDK 24"));
        assertThat(EventLoopCarrier.whyNot(25, false))
                .hasValue("the JVM does not open java.lang to Keyport (--add-opens=java.base/java.lang=ALL-UNNAMED)");
    }

    @Test
    void this_test_jvm_does_not_open_java_lang_so_the_carrier_is_not_allowed() {
        // surefire starts the tests without --add-opens: the check must see that, or the server would fail to start
        assertThat(EventLoopCarrier.whyNot()).isPresent();
    }
}
