package dev.keyport.adapter.persistence;

import dev.keyport.application.signingkeys.port.out.SigningKeyPairs;
import dev.keyport.application.signingkeys.port.out.StoredKeyPair;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** The access-token signing key pairs, in {@code signing_keys}; the private halves arrive sealed. */
final class PostgresSigningKeyPairs implements SigningKeyPairs {
    private final Database db;

    PostgresSigningKeyPairs(Database db) {
        this.db = db;
    }

    @Override
    public List<StoredKeyPair> all() {
        return db.withConnection(connection -> {
            try (var select = connection.prepareStatement(
                            "SELECT kid, algorithm, public_key, sealed_private_key, created_at, signs_from FROM signing_keys");
                    ResultSet rows = select.executeQuery()) {
                List<StoredKeyPair> pairs = new ArrayList<>();
                while (rows.next()) {
                    pairs.add(new StoredKeyPair(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getBytes(3),
                            rows.getBytes(4),
                            rows.getTimestamp(5).toInstant(),
                            rows.getTimestamp(6).toInstant()));
                }
                return pairs;
            }
        });
    }

    @Override
    public void add(StoredKeyPair pair) {
        db.withConnection(connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO signing_keys "
                    + "(kid, algorithm, public_key, sealed_private_key, created_at, signs_from) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (kid) DO NOTHING")) {
                insert.setString(1, pair.kid());
                insert.setString(2, pair.algorithm());
                insert.setBytes(3, pair.publicKey());
                insert.setBytes(4, pair.sealedPrivateKey());
                insert.setTimestamp(5, Timestamp.from(pair.createdAt()));
                insert.setTimestamp(6, Timestamp.from(pair.signsFrom()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void remove(String kid) {
        db.withConnection(connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM signing_keys WHERE kid = ?")) {
                delete.setString(1, kid);
                delete.executeUpdate();
            }
            return null;
        });
    }
}
