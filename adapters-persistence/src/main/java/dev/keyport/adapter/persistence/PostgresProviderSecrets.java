package dev.keyport.adapter.persistence;

import dev.keyport.application.providers.port.out.ProviderSecrets;
import java.sql.ResultSet;
import java.util.Optional;

/** Provider secrets in {@code provider_secrets}, sealed by the caller (V21). */
final class PostgresProviderSecrets implements ProviderSecrets {
    private final Database db;

    PostgresProviderSecrets(Database db) {
        this.db = db;
    }

    @Override
    public void put(String name, byte[] sealedValue) {
        db.statement("""
                INSERT INTO provider_secrets (name, sealed_value, updated_at) VALUES (?, ?, now())
                ON CONFLICT (name) DO UPDATE SET sealed_value = EXCLUDED.sealed_value, updated_at = EXCLUDED.updated_at""", statement -> {
            statement.setString(1, name);
            statement.setBytes(2, sealedValue);
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<byte[]> find(String name) {
        return db.statement("SELECT sealed_value FROM provider_secrets WHERE name = ?", statement -> {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.<byte[]>empty();
            }
        });
    }
}
