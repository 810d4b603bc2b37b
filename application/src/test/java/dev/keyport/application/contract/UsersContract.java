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
        assertThat(ports.users().find(UserId.generate(ContractFixtures.now(), ContractFixtures.RANDOM))).isEmpty();
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
        assertThat(ports.users().findPasswordAccount(new Email("bob@example.org"))).isEmpty();
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
        })).isInstanceOf(EmailAlreadyRegistered.class);
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

        assertThat(ports.users().replacePasswordHash(ann.id(), new PasswordHash("old"), new PasswordHash("new"))).isTrue();
        assertThat(ports.users().replacePasswordHash(ann.id(), new PasswordHash("old"), new PasswordHash("newer")))
                .as("a hash that changed in the meantime is not overwritten").isFalse();
        assertThat(ports.users().replacePasswordHash(UserId.generate(ContractFixtures.now(), ContractFixtures.RANDOM),
                new PasswordHash("old"), new PasswordHash("new"))).isFalse();
        assertThat(ports.users().findPasswordAccount(ann.email().orElseThrow()))
                .contains(new Users.PasswordAccount(ann.id(), new PasswordHash("new")));
        assertThat(ports.users().findPasswordAccount(bob.email().orElseThrow()))
                .as("other users keep theirs").contains(new Users.PasswordAccount(bob.id(), new PasswordHash("old")));
    }
}
