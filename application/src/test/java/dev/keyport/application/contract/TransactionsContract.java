package dev.keyport.application.contract;

import static dev.keyport.application.contract.ContractFixtures.addKey;
import static dev.keyport.application.contract.ContractFixtures.emailUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.user.User;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.shared.port.out.Transactions} adapter must do: all or nothing. */
public abstract class TransactionsContract extends PortContract {

    @Test
    public void a_failure_in_the_second_write_rolls_back_the_first() {
        User user = emailUser("t-" + System.nanoTime() + "@example.org");
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
                    ports.users().add(user); // first write
                    KeyRing ring = ports.apiKeys().lockRing(user.id());
                    addKey(ring, user, "k");
                    ports.apiKeys().save(ring); // second write succeeds...
                    throw new IllegalStateException("crash between steps");
                }))
                .hasMessage("crash between steps");
        assertThat(ports.users().find(user.id())).isEmpty();
        assertThat(ports.apiKeys().ring(user.id()).keys()).isEmpty();
    }

    @Test
    public void a_domain_refusal_rolls_back_everything_done_before_it() {
        User user = emailUser("t-" + System.nanoTime() + "@example.org");
        ports.transactions().inTransaction(() -> {
            ports.users().add(user);
            return null;
        });
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
                    KeyRing ring = ports.apiKeys().lockRing(user.id());
                    addKey(ring, user, "a");
                    ports.apiKeys().save(ring);
                    KeyRing again = ports.apiKeys().lockRing(user.id());
                    addKey(again, user, "a"); // duplicate name
                    return null;
                }))
                .isInstanceOf(DuplicateKeyName.class);
        assertThat(ports.apiKeys().ring(user.id()).keys()).isEmpty();
    }

    @Test
    public void work_returns_its_result_and_commits() {
        User user = emailUser("t-" + System.nanoTime() + "@example.org");
        String result = ports.transactions().inTransaction(() -> {
            ports.users().add(user);
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(ports.users().find(user.id())).isPresent();
    }
}
