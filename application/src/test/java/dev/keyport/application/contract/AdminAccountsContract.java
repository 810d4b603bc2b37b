package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.user.PasswordHash;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.admin.port.out.AdminAccounts} adapter must do. */
public abstract class AdminAccountsContract extends PortContract {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Instant LATER = NOW.plus(Duration.ofMinutes(30));

    @Test
    public void the_first_hash_stored_for_an_account_wins() {
        assertThat(ports.adminAccounts().passwordHash("admin")).isEmpty();
        assertThat(ports.adminAccounts().addIfAbsent("admin", new PasswordHash("first")))
                .isTrue();
        assertThat(ports.adminAccounts().addIfAbsent("admin", new PasswordHash("second")))
                .isFalse();
        assertThat(ports.adminAccounts().passwordHash("admin")).contains(new PasswordHash("first"));
        assertThat(ports.adminAccounts().passwordHash("other")).isEmpty();
    }

    @Test
    public void a_session_is_live_for_its_account_until_it_expires_or_ends() {
        SessionId session = new SessionId("0123456789abcdef01234567");
        ports.adminAccounts().openSession("admin", session, LATER);

        assertThat(ports.adminAccounts().sessionIsLive("admin", session, NOW)).isTrue();
        assertThat(ports.adminAccounts().sessionIsLive("other", session, NOW)).isFalse();
        assertThat(ports.adminAccounts().sessionIsLive("admin", session, LATER)).isFalse();
        assertThat(ports.adminAccounts().sessionIsLive("admin", new SessionId("0123456789abcdef01234568"), NOW))
                .isFalse();

        ports.adminAccounts().endSession("other", session, NOW); // not its session: nothing changes
        assertThat(ports.adminAccounts().sessionIsLive("admin", session, NOW)).isTrue();
        ports.adminAccounts().endSession("admin", session, NOW);
        assertThat(ports.adminAccounts().sessionIsLive("admin", session, NOW)).isFalse();
        ports.adminAccounts().endSession("admin", session, NOW); // ending twice is harmless
    }

    @Test
    public void replacing_the_password_ends_every_session_of_the_account_and_only_of_it() {
        SessionId first = new SessionId("0123456789abcdef0123456a");
        SessionId second = new SessionId("0123456789abcdef0123456b");
        SessionId otherAccount = new SessionId("0123456789abcdef0123456c");
        ports.adminAccounts().openSession("admin", first, LATER);
        ports.adminAccounts().openSession("admin", second, LATER);
        ports.adminAccounts().openSession("other", otherAccount, LATER);

        ports.adminAccounts().replacePassword("admin", new PasswordHash("replacement"), NOW);

        assertThat(ports.adminAccounts().passwordHash("admin")).contains(new PasswordHash("replacement"));
        assertThat(ports.adminAccounts().sessionIsLive("admin", first, NOW)).isFalse();
        assertThat(ports.adminAccounts().sessionIsLive("admin", second, NOW)).isFalse();
        assertThat(ports.adminAccounts().sessionIsLive("other", otherAccount, NOW))
                .isTrue();

        SessionId after = new SessionId("0123456789abcdef0123456d");
        ports.adminAccounts().openSession("admin", after, LATER);
        assertThat(ports.adminAccounts().sessionIsLive("admin", after, NOW)).isTrue();
        ports.adminAccounts().replacePassword("admin", new PasswordHash("again"), NOW);
        assertThat(ports.adminAccounts().passwordHash("admin")).contains(new PasswordHash("again"));
    }
}
