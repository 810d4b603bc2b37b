package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.shared.port.out.ServerSecrets} adapter must do. */
public abstract class ServerSecretsContract extends PortContract {

    @Test
    public void the_first_stored_secret_wins_and_is_returned_ever_after() {
        byte[] first = ports.secrets().getOrCreate("signing", () -> new byte[] {1, 2, 3});
        byte[] second = ports.secrets().getOrCreate("signing", () -> new byte[] {9, 9, 9});

        assertThat(first).containsExactly(1, 2, 3);
        assertThat(second).containsExactly(1, 2, 3);
    }

    @Test
    public void secrets_are_kept_by_name() {
        AtomicInteger made = new AtomicInteger();
        byte[] a = ports.secrets().getOrCreate("a", () -> new byte[] {(byte) made.incrementAndGet()});
        byte[] b = ports.secrets().getOrCreate("b", () -> new byte[] {(byte) made.incrementAndGet()});

        assertThat(a).isNotEqualTo(b);
        assertThat(ports.secrets().getOrCreate("a", () -> new byte[] {0})).isEqualTo(a);
    }

    @Test
    public void a_secret_can_be_found_and_removed() {
        assertThat(ports.secrets().find("absent")).isEmpty();
        ports.secrets().getOrCreate("present", () -> new byte[] {4, 2});

        assertThat(ports.secrets().find("present"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(4, 2));
        ports.secrets().remove("present");
        assertThat(ports.secrets().find("present")).isEmpty();
        assertThat(ports.secrets().getOrCreate("present", () -> new byte[] {7})).containsExactly(7);
    }
}
