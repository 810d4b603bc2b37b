package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import java.util.Optional;

public final class InMemoryUsers implements Users {
    private final InMemoryDatabase db;

    public InMemoryUsers(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void add(User user) {
        db.locked(() -> db.users.put(user.id(), user));
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
        return db.locked(() -> Optional.ofNullable(db.passwords.get(email)).map(account -> db.users.get(account.userId())));
    }

    @Override
    public boolean remove(UserId id) {
        return db.locked(() -> {
            User removed = db.users.remove(id);
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
                    entry.setValue(new PasswordAccount(id, replacement));
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public Optional<PasswordAccount> findPasswordAccount(Email email) {
        return db.locked(() -> Optional.ofNullable(db.passwords.get(email)));
    }
}
