package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class InMemoryUsers implements Users {
    private final InMemoryDatabase db;

    public InMemoryUsers(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void add(User user) {
        db.locked(() -> {
            db.loggedIn.add(user.id()); // made by a login (anonymous) or a server key
            return db.users.put(user.id(), user);
        });
    }

    @Override
    public void addWithPassword(User user, Email email, PasswordHash passwordHash) {
        db.locked(() -> {
            if (db.passwords.containsKey(email)) {
                throw new EmailAlreadyRegistered();
            }
            db.users.put(user.id(), user);
            return db.passwords.put(email, new PasswordAccount(user.id(), passwordHash));
        });
    }

    @Override
    public Optional<User> find(UserId id) {
        return db.locked(() -> Optional.ofNullable(db.users.get(id)));
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return db.locked(
                () -> Optional.ofNullable(db.passwords.get(email)).map(account -> db.users.get(account.userId())));
    }

    @Override
    public boolean remove(UserId id) {
        return db.locked(() -> {
            User removed = db.users.remove(id);
            db.disabledUsers.remove(id);
            db.loggedIn.remove(id);
            db.passwords.values().removeIf(account -> account.userId().equals(id));
            db.keys.values().removeIf(key -> key.ownerId().equals(id));
            db.sessions.values().removeIf(session -> session.userId().equals(id));
            return removed != null;
        });
    }

    @Override
    public boolean replacePasswordHash(UserId id, PasswordHash current, PasswordHash replacement) {
        return db.locked(() -> {
            for (var entry : db.passwords.entrySet()) {
                PasswordAccount account = entry.getValue();
                if (account.userId().equals(id) && account.passwordHash().equals(current)) {
                    entry.setValue(new PasswordAccount(id, replacement, false, false));
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public Optional<PasswordAccount> findPasswordAccount(Email email) {
        return db.locked(() -> Optional.ofNullable(db.passwords.get(email))
                .map(account -> new PasswordAccount(
                        account.userId(),
                        account.passwordHash(),
                        db.disabledUsers.contains(account.userId()),
                        db.loggedIn.contains(account.userId()))));
    }

    @Override
    public Optional<Boolean> isDisabled(UserId id) {
        return db.locked(() ->
                db.users.containsKey(id) ? Optional.of(db.disabledUsers.contains(id)) : Optional.<Boolean>empty());
    }

    @Override
    public boolean setDisabled(UserId id, boolean disabled) {
        return db.locked(() -> {
            if (!db.users.containsKey(id)) {
                return false;
            }
            if (disabled) {
                db.disabledUsers.add(id);
            } else {
                db.disabledUsers.remove(id);
            }
            return true;
        });
    }

    @Override
    public boolean markLoggedIn(UserId id, Instant at) {
        return db.locked(() -> {
            if (!db.users.containsKey(id)) {
                return false;
            }
            db.loggedIn.add(id);
            return true;
        });
    }

    @Override
    public void linkPassword(UserId id, Identity identity, Email email, PasswordHash passwordHash) {
        db.locked(() -> {
            User user = db.users.get(id);
            if (user == null) {
                throw new dev.keyport.domain.error.UserNotFound();
            }
            if (db.passwords.containsKey(email)) {
                throw new EmailAlreadyRegistered();
            }
            List<Identity> identities = new ArrayList<>(user.identities());
            identities.add(identity);
            db.users.put(id, new User(id, user.type(), identities, Optional.of(email), user.createdAt()));
            db.passwords.put(email, new PasswordAccount(id, passwordHash));
            db.loggedIn.add(id);
            return null;
        });
    }

    @Override
    public List<ListedUser> list(Optional<UserId> after, int limit) {
        return db.locked(() -> db.users.values().stream()
                .filter(user -> after.map(first -> user.id().value().compareTo(first.value()) > 0)
                        .orElse(true))
                .sorted(java.util.Comparator.comparing(user -> user.id().value()))
                .limit(limit)
                .map(user -> new ListedUser(user, db.disabledUsers.contains(user.id())))
                .toList());
    }
}
