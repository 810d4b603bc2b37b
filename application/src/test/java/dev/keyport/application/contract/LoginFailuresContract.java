package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.application.sessions.port.out.LoginFailures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link LoginFailures} adapter must do. */
public abstract class LoginFailuresContract extends PortContract {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    public void failures_add_up_per_key_within_a_window_and_each_key_is_answered_in_order() {
        LoginFailures failures = ports.loginFailures();
        failures.record(List.of("address:203.0.113.1", "account:a@example.org"), MINUTE);
        failures.record(List.of("address:203.0.113.1", "account:b@example.org"), MINUTE);

        List<LoginFailures.Tally> third =
                failures.record(List.of("account:a@example.org", "address:203.0.113.1"), MINUTE);

        assertThat(third)
                .extracting(LoginFailures.Tally::key, LoginFailures.Tally::failures)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("account:a@example.org", 2),
                        org.assertj.core.groups.Tuple.tuple("address:203.0.113.1", 3));
        assertThat(third)
                .allSatisfy(tally -> assertThat(tally.remaining()).isPositive().isLessThanOrEqualTo(MINUTE));
    }

    @Test
    public void a_window_that_has_ended_starts_again_at_one() throws InterruptedException {
        Duration window = Duration.ofMillis(300);
        ports.loginFailures().record(List.of("address:198.51.100.7"), window);
        ports.loginFailures().record(List.of("address:198.51.100.7"), window);
        Thread.sleep(400);

        List<LoginFailures.Tally> after = ports.loginFailures().record(List.of("address:198.51.100.7"), window);

        assertThat(after).singleElement().satisfies(tally -> {
            assertThat(tally.failures()).isEqualTo(1);
            assertThat(tally.remaining()).isPositive().isLessThanOrEqualTo(window);
        });
    }
}
