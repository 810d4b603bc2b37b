package dev.keyport.adapter.persistence;

import dev.keyport.application.shared.port.out.ServerSecrets;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Secrets the server generates for itself on first start (the sealed key of refresh and admin tokens), kept in
 * the database so that every instance on it agrees. The first instance to start writes the secret;
 * the others read the same one.
 */
final class PostgresServerSecrets implements ServerSecrets {
    private final Database db;

    PostgresServerSecrets(Database db) {
        this.db = db;
    }

    @Override
    public byte[] getOrCreate(String name, Supplier<byte[]> generator) {
        byte[] candidate = generator.get();
        return db.withConnection(connection -> {
            try (var insert = connection.prepareStatement(
                    "INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setBytes(2, candidate);
                insert.executeUpdate();
            }
            try (var select = connection.prepareStatement("SELECT value FROM server_secrets WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getBytes(1);
                }
            }
        });
    }

    @Override
    public Optional<byte[]> find(String name) {
        return db.withConnection(connection -> {
            try (var select = connection.prepareStatement("SELECT value FROM server_secrets WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public void remove(String name) {
        db.withConnection(connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM server_secrets WHERE name = ?")) {
                delete.setString(1, name);
                delete.executeUpdate();
            }
            return null;
        });
    }
}
