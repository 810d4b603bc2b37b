package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.user.PasswordHash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.port.out.AdminAccounts} adapter must do. */
public abstract class AdminAccountsContract {
    private DrivenPorts ports;

    protected abstract DrivenPorts freshPorts();

    @BeforeEach
    public void setUp() {
        ports = freshPorts();
    }

    @Test
    public void the_first_hash_stored_for_an_account_wins() {
        assertThat(ports.adminAccounts().passwordHash("admin")).isEmpty();
        assertThat(ports.adminAccounts().addIfAbsent("admin", new PasswordHash("first"))).isTrue();
        assertThat(ports.adminAccounts().addIfAbsent("admin", new PasswordHash("second"))).isFalse();
        assertThat(ports.adminAccounts().passwordHash("admin")).contains(new PasswordHash("first"));
        assertThat(ports.adminAccounts().passwordHash("other")).isEmpty();
    }
}
