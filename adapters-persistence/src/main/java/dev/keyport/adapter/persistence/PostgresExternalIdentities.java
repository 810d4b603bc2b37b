package dev.keyport.adapter.persistence;

import dev.keyport.application.customtoken.port.out.ExternalIdentities;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * custom-token identities in {@code identities} (issuer beside the subject, unique together: V20) and the profile
 * data in {@code users.data}. A concurrent insert of the same identity breaks {@code identities_external_unique},
 * which is reported as {@link IdentityTaken}.
 */
final class PostgresExternalIdentities implements ExternalIdentities {
    private final Database db;
    private final PostgresUsers users;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    PostgresExternalIdentities(Database db, PostgresUsers users, JsonMapper json) {
        this.db = db;
        this.users = users;
        this.json = json;
    }

    @Override
    public Optional<UserId> findUser(Identity.External identity) {
        return db.statement(
                "SELECT user_id FROM identities WHERE provider = ? AND issuer = ? AND provider_user_id = ?",
                statement -> {
                    statement.setString(1, identity.provider().protocolName());
                    statement.setString(2, identity.issuer());
                    statement.setString(3, identity.subject());
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next() ? Optional.of(new UserId(row.getString(1))) : Optional.<UserId>empty();
                    }
                });
    }

    @Override
    public void addUser(User user, Identity.External identity) {
        try {
            users.insert(user, null, null, identity);
        } catch (RuntimeException e) {
            throw taken(e);
        }
    }

    @Override
    public void attach(UserId user, Identity.External identity) {
        try {
            db.statement("""
                    INSERT INTO identities (id, user_id, position, provider, provider_user_id, issuer)
                    SELECT ?, ?, coalesce(max(position) + 1, 0), ?, ?, ? FROM identities WHERE user_id = ?""", statement -> {
                statement.setString(
                        1, IdentityId.generate(Instant.now(), random).value());
                statement.setString(2, user.value());
                statement.setString(3, identity.provider().protocolName());
                statement.setString(4, identity.subject());
                statement.setString(5, identity.issuer());
                statement.setString(6, user.value());
                return statement.executeUpdate();
            });
        } catch (RuntimeException e) {
            throw taken(e);
        }
    }

    private static RuntimeException taken(RuntimeException e) {
        return ConstraintViolation.of(e)
                        .filter("identities_external_unique"::equals)
                        .isPresent()
                ? new IdentityTaken()
                : e;
    }

    @Override
    public void replaceData(UserId user, Map<String, Object> data) {
        String document;
        try {
            document = json.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException("profile data is not serialisable", e);
        }
        db.statement("UPDATE users SET data = ?::jsonb WHERE id = ?", statement -> {
            statement.setString(1, document);
            statement.setString(2, user.value());
            return statement.executeUpdate();
        });
    }
}
