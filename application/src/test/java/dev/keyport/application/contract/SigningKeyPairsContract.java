package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.application.signingkeys.port.out.StoredKeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.signingkeys.port.out.SigningKeyPairs} adapter must do. */
public abstract class SigningKeyPairsContract extends PortContract {

    private static StoredKeyPair pair(String kid, byte seal, Instant signsFrom) {
        return new StoredKeyPair(
                kid, "ES256", new byte[] {1, 2, 3}, new byte[] {seal, 9}, signsFrom.minusSeconds(60), signsFrom);
    }

    @Test
    public void pairs_are_kept_exactly_as_given() {
        Instant at = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        StoredKeyPair first = pair("first", (byte) 1, at);
        StoredKeyPair second = pair("second", (byte) 2, at.plusSeconds(600));
        ports.signingKeys().add(first);
        ports.signingKeys().add(second);

        assertThat(ports.signingKeys().all()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    public void adding_a_kid_twice_keeps_the_first() {
        Instant at = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        StoredKeyPair first = pair("same", (byte) 1, at);
        ports.signingKeys().add(first);
        ports.signingKeys().add(pair("same", (byte) 2, at.plusSeconds(5)));

        assertThat(ports.signingKeys().all()).containsExactly(first);
    }

    @Test
    public void a_removed_pair_is_gone_and_the_others_stay() {
        Instant at = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
        StoredKeyPair kept = pair("kept", (byte) 1, at);
        ports.signingKeys().add(kept);
        ports.signingKeys().add(pair("removed", (byte) 2, at));
        ports.signingKeys().remove("removed");
        ports.signingKeys().remove("never-there");

        assertThat(ports.signingKeys().all()).containsExactly(kept);
    }
}
