package dev.keyport.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.accounts.port.out.AccountMailRequests;
import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.accounts.port.out.MailOutbox;
import dev.keyport.domain.account.AccountToken;
import dev.keyport.domain.account.PasswordReset;
import dev.keyport.domain.account.PendingRegistration;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every adapter of the confirmation and reset ports must do (ADR 0022). */
public abstract class AccountPortsContract extends PortContract {
    private final Instant now = ContractFixtures.now().truncatedTo(ChronoUnit.MILLIS);
    private final Random random = new Random(7);
    protected AccountPorts accounts;

    @BeforeEach
    public void openAccounts() {
        accounts = ports.accounts();
    }

    private <T> T tx(java.util.function.Supplier<T> work) {
        return ports.transactions().inTransaction(work);
    }

    private PendingRegistration pending(String email) {
        return new PendingRegistration(
                new Email(email),
                UserId.generate(now, random),
                new PasswordHash("test$x"),
                AccountToken.issue(now, random).stored(),
                now);
    }

    @Test
    public void one_pending_registration_per_address_found_by_address_and_by_token_id() {
        PendingRegistration ann = pending("ann@example.org");
        accounts.registrations().add(ann);
        assertThatThrownBy(() -> accounts.registrations().add(pending("ann@example.org")))
                .isInstanceOf(EmailAlreadyRegistered.class);
        assertThat(accounts.registrations().find(new Email("ann@example.org"))).contains(ann);
        assertThat(accounts.registrations().findByTokenId(ann.token().tokenId()))
                .contains(ann);
        AccountToken.Stored next =
                AccountToken.issue(now.plusSeconds(5), random).stored();
        assertThat(accounts.registrations().replaceToken(ann.email(), next)).isTrue();
        assertThat(accounts.registrations().findByTokenId(ann.token().tokenId()))
                .as("the old token id")
                .isEmpty();
        assertThat(accounts.registrations().findByTokenId(next.tokenId())).contains(ann.withToken(next));
        assertThat(accounts.registrations().replaceToken(new Email("bob@example.org"), next))
                .isFalse();
        assertThat(accounts.registrations().list(10)).containsExactly(ann.withToken(next));
        assertThatThrownBy(() -> accounts.registrations().remove(ann.email()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(tx(() -> accounts.registrations().remove(ann.email()))).isTrue();
        assertThat(accounts.registrations().find(ann.email())).isEmpty();
    }

    @Test
    public void a_reset_token_is_taken_once_and_a_rolled_back_take_puts_it_back() {
        User user = new User(
                UserId.generate(now, random),
                UserType.NORMAL,
                List.of(new Identity(IdentityId.generate(now, random), AuthProvider.LOCAL_USERPASS, "ann@example.org")),
                Optional.of(new Email("ann@example.org")),
                now);
        tx(() -> {
            ports.users().addWithPassword(user, new Email("ann@example.org"), new PasswordHash("test$x"));
            return null;
        });
        PasswordReset first =
                new PasswordReset(user.id(), AccountToken.issue(now, random).stored(), now);
        PasswordReset second =
                new PasswordReset(user.id(), AccountToken.issue(now, random).stored(), now.plusSeconds(1));
        accounts.resets().replace(first);
        accounts.resets().replace(second);
        assertThat(accounts.resets().current(user.id())).contains(second);
        assertThat(tx(() -> accounts.resets().take(first.token().tokenId())))
                .as("replaced")
                .isEmpty();
        assertThatThrownBy(() -> tx(() -> {
                    accounts.resets().take(second.token().tokenId()).orElseThrow();
                    throw new IllegalStateException("refused");
                }))
                .hasMessage("refused");
        assertThat(tx(() -> accounts.resets().take(second.token().tokenId()))).contains(second);
        assertThat(tx(() -> accounts.resets().take(second.token().tokenId())))
                .as("single use")
                .isEmpty();
        accounts.resets().replace(first);
        assertThat(accounts.resets().removeExpired(now.plus(Duration.ofMinutes(29)), 10))
                .isZero();
        assertThat(accounts.resets().removeExpired(now.plus(Duration.ofMinutes(30)), 10))
                .isOne();
        assertThat(accounts.resets().current(user.id())).isEmpty();
    }

    @Test
    public void mail_requests_wait_once_per_address_and_kind_and_are_taken_in_order() {
        accounts.mailRequests().request(new Email("a@example.org"), AccountMailRequests.Kind.RESET, now);
        accounts.mailRequests().request(new Email("a@example.org"), AccountMailRequests.Kind.RESET, now.plusSeconds(1));
        accounts.mailRequests().request(new Email("a@example.org"), AccountMailRequests.Kind.CONFIRMATION, now);
        accounts.mailRequests().request(new Email("b@example.org"), AccountMailRequests.Kind.RESET, now);
        assertThatThrownBy(() -> accounts.mailRequests().take(1)).isInstanceOf(IllegalStateException.class);
        List<AccountMailRequests.Request> taken =
                tx(() -> accounts.mailRequests().take(10));
        assertThat(taken)
                .extracting(r -> r.email().value() + "/" + r.kind())
                .containsExactly("a@example.org/RESET", "a@example.org/CONFIRMATION", "b@example.org/RESET");
        assertThat(tx(() -> accounts.mailRequests().take(10))).isEmpty();
    }

    @Test
    public void a_mail_is_leased_retried_and_its_body_dropped_once_sent() {
        assertThatThrownBy(() -> accounts.outbox()
                        .enqueue(new MailOutbox.NewMail(
                                "0123456789abcdef01234567", "a@example.org", "s", new byte[] {1}, now)))
                .isInstanceOf(IllegalStateException.class);
        tx(() -> {
            accounts.outbox()
                    .enqueue(new MailOutbox.NewMail(
                            "0123456789abcdef01234567", "a@example.org", "Subject", new byte[] {1, 2}, now));
            return null;
        });
        List<MailOutbox.Claimed> claimed = accounts.outbox().claimDue(now, now.plusSeconds(60), "A", 10);
        assertThat(claimed).singleElement().satisfies(mail -> {
            assertThat(mail.recipient()).isEqualTo("a@example.org");
            assertThat(mail.sealedBody()).containsExactly(1, 2);
        });
        assertThat(accounts.outbox().claimDue(now, now.plusSeconds(60), "B", 10))
                .as("leased")
                .isEmpty();
        assertThat(accounts.outbox().sent("0123456789abcdef01234567", "B", now))
                .as("not B's lease")
                .isFalse();
        assertThat(accounts.outbox()
                        .failed("0123456789abcdef01234567", "A", 1, now, "down", Optional.of(now.plusSeconds(10))))
                .isTrue();
        assertThat(accounts.outbox().pending(10)).singleElement().satisfies(mail -> {
            assertThat(mail.attempts()).isOne();
            assertThat(mail.lastError()).contains("down");
            assertThat(mail.sealedBody()).containsExactly(1, 2);
        });
        assertThat(accounts.outbox().claimDue(now.plusSeconds(9), now.plusSeconds(70), "C", 10))
                .isEmpty();
        assertThat(accounts.outbox().claimDue(now.plusSeconds(10), now.plusSeconds(70), "C", 10))
                .hasSize(1);
        assertThat(accounts.outbox().sent("0123456789abcdef01234567", "C", now.plusSeconds(71)))
                .as("lease ran out")
                .isFalse();
        assertThat(accounts.outbox().sent("0123456789abcdef01234567", "C", now.plusSeconds(11)))
                .isTrue();
        assertThat(accounts.outbox().pending(10)).isEmpty();
        assertThat(accounts.outbox().claimDue(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)), "D", 10))
                .isEmpty();
        assertThat(accounts.outbox().prune(now, 10)).isZero();
        assertThat(accounts.outbox().prune(now.plusSeconds(1), 10)).isOne();
    }
}
