package dev.keyport.adapter.persistence;

import dev.keyport.application.port.out.AdminAccounts;
import dev.keyport.domain.user.PasswordHash;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.Optional;

@Singleton
final class PostgresAdminAccounts implements AdminAccounts {
    private final Database db;

    PostgresAdminAccounts(Database db) {
        this.db = db;
    }

    @Override
    public Optional<PasswordHash> passwordHash(String username) {
        return db.statement("SELECT password_hash FROM admin_accounts WHERE username = ?", statement -> {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new PasswordHash(row.getString(1))) : Optional.empty();
            }
        });
    }

    @Override
    public boolean addIfAbsent(String username, PasswordHash hash) {
        return db.statement("INSERT INTO admin_accounts (username, password_hash) VALUES (?, ?) ON CONFLICT DO NOTHING",
                statement -> {
                    statement.setString(1, username);
                    statement.setString(2, hash.encoded());
                    return statement.executeUpdate() == 1;
                });
    }
}
