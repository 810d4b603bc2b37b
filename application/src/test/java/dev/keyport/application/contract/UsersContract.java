package dev.keyport.application.contract;

import static dev.keyport.application.contract.ContractFixtures.anonymousUser;
import static dev.keyport.application.contract.ContractFixtures.emailUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import org.junit.jupiter.api.Test;

/** What every {@link Users} adapter must do. */
public abstract class UsersContract extends PortContract {

    @Test
    public void stores_and_finds_a_user_with_its_identities() {
        User user = anonymousUser();
        ports.transactions().inTransaction(() -> {
            ports.users().add(user);
            return null;
        });
        assertThat(ports.users().find(user.id())).contains(user);
        assertThat(ports.users().find(UserId.generate(ContractFixtures.now(), ContractFixtures.RANDOM)))
                .isEmpty();
    }

    @Test
    public void stores_a_password_account_and_finds_it_by_email() {
        User user = emailUser("ann@example.org");
        Email email = user.email().orElseThrow();
        ports.transactions().inTransaction(() -> {
            ports.users().addWithPassword(user, email, new PasswordHash("hash-1"));
            return null;
        });
        assertThat(ports.users().findPasswordAccount(email))
                .contains(new Users.PasswordAccount(user.id(), new PasswordHash("hash-1")));
        assertThat(ports.users().find(user.id())).contains(user);
        assertThat(ports.users().findPasswordAccount(new Email("bob@example.org")))
                .isEmpty();
    }

    @Test
    public void refuses_a_second_account_for_the_same_email() {
        User first = emailUser("ann@example.org");
        User second = emailUser("ann@example.org");
        Email email = first.email().orElseThrow();
        ports.transactions().inTransaction(() -> {
            ports.users().addWithPassword(first, email, new PasswordHash("h"));
            return null;
        });
        assertThatThrownBy(() -> ports.transactions().inTransaction(() -> {
                    ports.users().addWithPassword(second, email, new PasswordHash("h2"));
                    return null;
                }))
                .isInstanceOf(EmailAlreadyRegistered.class);
        assertThat(ports.users().find(second.id())).isEmpty();
    }

    @Test
    public void replaces_a_password_hash_only_while_it_is_still_the_one_expected() {
        User ann = emailUser("ann@example.org");
        User bob = emailUser("bob@example.org");
        ports.transactions().inTransaction(() -> {
            ports.users().addWithPassword(ann, ann.email().orElseThrow(), new PasswordHash("old"));
            ports.users().addWithPassword(bob, bob.email().orElseThrow(), new PasswordHash("old"));
            return null;
        });

        assertThat(ports.users().replacePasswordHash(ann.id(), new PasswordHash("old"), new PasswordHash("new")))
                .isTrue();
        assertThat(ports.users().replacePasswordHash(ann.id(), new PasswordHash("old"), new PasswordHash("newer")))
                .as("a hash that changed in the meantime is not overwritten")
                .isFalse();
        assertThat(ports.users()
                        .replacePasswordHash(
                                UserId.generate(ContractFixtures.now(), ContractFixtures.RANDOM),
                                new PasswordHash("old"),
                                new PasswordHash("new")))
                .isFalse();
        assertThat(ports.users().findPasswordAccount(ann.email().orElseThrow()))
                .contains(new Users.PasswordAccount(ann.id(), new PasswordHash("new")));
        assertThat(ports.users().findPasswordAccount(bob.email().orElseThrow()))
                .as("other users keep theirs")
                .contains(new Users.PasswordAccount(bob.id(), new PasswordHash("old")));
    }

    // --- issue 24 ---------------------------------------------------------------------------------

    private <T> T tx(java.util.function.Supplier<T> work) {
        return ports.transactions().inTransaction(work);
    }

    @Test
    public void a_registration_has_not_logged_in_until_marked_and_an_anonymous_user_has() {
        User ann = emailUser("ann@example.org");
        User anon = anonymousUser();
        tx(() -> {
            ports.users().addWithPassword(ann, ann.email().orElseThrow(), new PasswordHash("h"));
            ports.users().add(anon);
            return null;
        });
        assertThat(ports.users()
                        .findPasswordAccount(ann.email().orElseThrow())
                        .orElseThrow()
                        .loggedInBefore())
                .isFalse();
        assertThat(ports.users().markLoggedIn(ann.id(), ContractFixtures.now())).isTrue();
        assertThat(ports.users()
                        .findPasswordAccount(ann.email().orElseThrow())
                        .orElseThrow()
                        .loggedInBefore())
                .isTrue();
        assertThat(ports.users()
                        .markLoggedIn(
                                UserId.generate(ContractFixtures.now(), ContractFixtures.RANDOM),
                                ContractFixtures.now()))
                .as("no such user")
                .isFalse();
    }

    @Test
    public void disables_and_enables_a_user_and_lists_users_in_id_order() {
        User ann = emailUser("ann@example.org");
        User anon = anonymousUser();
        tx(() -> {
            ports.users().addWithPassword(ann, ann.email().orElseThrow(), new PasswordHash("h"));
            ports.users().add(anon);
            return null;
        });
        assertThat(ports.users().isDisabled(ann.id())).contains(false);
        assertThat(tx(() -> ports.users().setDisabled(ann.id(), true))).isTrue();
        assertThat(ports.users().isDisabled(ann.id())).contains(true);
        assertThat(ports.users()
                        .findPasswordAccount(ann.email().orElseThrow())
                        .orElseThrow()
                        .disabled())
                .isTrue();
        UserId nobody = UserId.generate(ContractFixtures.now(), ContractFixtures.RANDOM);
        assertThat(ports.users().isDisabled(nobody)).isEmpty();
        assertThat(tx(() -> ports.users().setDisabled(nobody, true))).isFalse();

        java.util.List<Users.ListedUser> all = ports.users().list(java.util.Optional.empty(), 10);
        assertThat(all)
                .extracting(listed -> listed.user().id().value())
                .isSorted()
                .hasSize(2);
        assertThat(all)
                .filteredOn(listed -> listed.user().id().equals(ann.id()))
                .extracting(Users.ListedUser::disabled)
                .containsExactly(true);
        assertThat(ports.users()
                        .list(java.util.Optional.of(all.getFirst().user().id()), 10))
                .hasSize(1);
        assertThat(tx(() -> ports.users().setDisabled(ann.id(), false))).isTrue();
        assertThat(ports.users().isDisabled(ann.id())).contains(false);
    }

    @Test
    public void links_an_email_password_to_a_user_and_refuses_an_email_in_use() {
        User anon = anonymousUser();
        User ann = emailUser("ann@example.org");
        tx(() -> {
            ports.users().add(anon);
            ports.users().addWithPassword(ann, ann.email().orElseThrow(), new PasswordHash("h"));
            return null;
        });
        dev.keyport.domain.user.Identity identity = new dev.keyport.domain.user.Identity(
                dev.keyport.domain.id.IdentityId.generate(ContractFixtures.now(), ContractFixtures.RANDOM),
                dev.keyport.domain.user.AuthProvider.LOCAL_USERPASS,
                "cat@example.org");
        Email cat = new Email("cat@example.org");
        tx(() -> {
            ports.users().linkPassword(anon.id(), identity, cat, new PasswordHash("hash-cat"));
            return null;
        });
        User linked = ports.users().find(anon.id()).orElseThrow();
        assertThat(linked.identities()).containsExactly(anon.identities().getFirst(), identity);
        assertThat(linked.email()).contains(cat);
        assertThat(ports.users().findPasswordAccount(cat).orElseThrow().userId())
                .isEqualTo(anon.id());
        assertThat(ports.users().findPasswordAccount(cat).orElseThrow().passwordHash())
                .isEqualTo(new PasswordHash("hash-cat"));

        User other = anonymousUser();
        tx(() -> {
            ports.users().add(other);
            return null;
        });
        assertThatThrownBy(() -> tx(() -> {
                    ports.users().linkPassword(other.id(), identity, ann.email().orElseThrow(), new PasswordHash("x"));
                    return null;
                }))
                .isInstanceOf(EmailAlreadyRegistered.class);
        assertThat(ports.users().find(other.id()).orElseThrow().identities())
                .as("nothing changed")
                .hasSize(1);
    }
}
