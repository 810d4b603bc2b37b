package dev.keyport.adapter.persistence;

import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.PasswordHash;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

final class PostgresUsers implements Users {
    private final Database db;
    private final KeyStateView view;
    private final JsonMapper json;

    PostgresUsers(Database db, KeyStateView view, JsonMapper json) {
        this.db = db;
        this.view = view;
        this.json = json;
    }

    /** A user made by a login (anonymous) or a server key: it has logged in by being made. */
    @Override
    public void add(User user) {
        insert(user, null, null, null);
    }

    @Override
    public void addWithPassword(User user, Email email, PasswordHash passwordHash) {
        try {
            insert(user, email.value(), passwordHash.encoded(), null);
        } catch (RuntimeException e) {
            if (ConstraintViolation.of(e).filter("users_email_key"::equals).isPresent()) {
                throw new EmailAlreadyRegistered();
            }
            throw e;
        }
    }

    /** Inserts the user; {@code external}, when given, is the identity of the user's that carries an issuer. */
    void insert(User user, String email, String passwordHash, Identity.External external) {
        String data;
        try {
            data = json.writeValueAsString(user.data());
        } catch (IOException e) {
            throw new UncheckedIOException("profile data is not serialisable", e);
        }
        db.withConnection(connection -> {
            try (PreparedStatement insertUser = connection.prepareStatement(
                    "INSERT INTO users (id, type, email, password_hash, created_at, data, first_login_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)")) {
                insertUser.setString(1, user.id().value());
                insertUser.setString(2, user.type().name().toLowerCase(Locale.ROOT));
                insertUser.setString(3, email);
                insertUser.setString(4, passwordHash);
                insertUser.setTimestamp(5, Timestamp.from(user.createdAt()));
                insertUser.setString(6, data);
                // a registration has not logged in yet (issue 24: it may still be linked to another user)
                insertUser.setTimestamp(7, email == null ? Timestamp.from(user.createdAt()) : null);
                insertUser.executeUpdate();
            }
            try (PreparedStatement insertIdentity = connection.prepareStatement(
                    "INSERT INTO identities (id, user_id, position, provider, provider_user_id, issuer) VALUES (?, ?, ?, ?, ?, ?)")) {
                int position = 0;
                for (Identity identity : user.identities()) {
                    insertIdentity.setString(1, identity.id().value());
                    insertIdentity.setString(2, user.id().value());
                    insertIdentity.setInt(3, position++);
                    insertIdentity.setString(4, identity.provider().protocolName());
                    insertIdentity.setString(5, identity.providerUserId());
                    boolean isExternal = external != null
                            && external.provider() == identity.provider()
                            && external.subject().equals(identity.providerUserId());
                    insertIdentity.setString(6, isExternal ? external.issuer() : null);
                    insertIdentity.addBatch();
                }
                insertIdentity.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<User> find(UserId id) {
        return db.statement("""
                SELECT u.type, u.email, u.created_at, u.data::text AS data, i.id AS identity_id, i.provider, i.provider_user_id
                FROM users u JOIN identities i ON i.user_id = u.id
                WHERE u.id = ? ORDER BY i.position""", statement -> {
            statement.setString(1, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                return readUser(id, rows, json);
            }
        });
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return db.statement("SELECT id FROM users WHERE email = ?", statement -> {
                    statement.setString(1, email.value());
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next() ? Optional.of(new UserId(row.getString("id"))) : Optional.<UserId>empty();
                    }
                })
                .flatMap(this::find);
    }

    /**
     * Identities, keys and sessions go with the user (ON DELETE CASCADE); the keys' trigger tells the
     * other instances, and this one forgets the user's keys once the deletion commits.
     */
    @Override
    public boolean remove(UserId id) {
        boolean removed = db.statement("DELETE FROM users WHERE id = ?", statement -> {
            statement.setString(1, id.value());
            return statement.executeUpdate() == 1;
        });
        db.afterCommit(() -> view.ownerRemoved(id));
        return removed;
    }

    private static Optional<User> readUser(UserId id, ResultSet rows, JsonMapper json) throws SQLException {
        List<Identity> identities = new ArrayList<>();
        UserType type = null;
        Optional<Email> email = Optional.empty();
        Instant createdAt = null;
        Map<String, Object> data = Map.of();
        while (rows.next()) {
            if (type == null) {
                try {
                    data = json.readValue(rows.getString("data"), Argument.mapOf(String.class, Object.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("stored profile data is not a JSON object", e);
                }
            }
            type = UserType.valueOf(rows.getString("type").toUpperCase(Locale.ROOT));
            email = Optional.ofNullable(rows.getString("email")).map(Email::new);
            createdAt = rows.getTimestamp("created_at").toInstant();
            identities.add(new Identity(
                    new IdentityId(rows.getString("identity_id")),
                    AuthProvider.byProtocolName(rows.getString("provider")).orElseThrow(),
                    rows.getString("provider_user_id")));
        }
        return type == null ? Optional.empty() : Optional.of(new User(id, type, identities, email, createdAt, data));
    }

    @Override
    public boolean replacePasswordHash(UserId id, PasswordHash current, PasswordHash replacement) {
        return db.statement("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?", statement -> {
            statement.setString(1, replacement.encoded());
            statement.setString(2, id.value());
            statement.setString(3, current.encoded());
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<PasswordAccount> findPasswordAccount(Email email) {
        return db.statement(
                "SELECT id, password_hash, disabled, first_login_at IS NOT NULL AS logged_in FROM users WHERE email = ?",
                statement -> {
                    statement.setString(1, email.value());
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next()
                                ? Optional.of(new PasswordAccount(
                                        new UserId(row.getString("id")),
                                        new PasswordHash(row.getString("password_hash")),
                                        row.getBoolean("disabled"),
                                        row.getBoolean("logged_in")))
                                : Optional.empty();
                    }
                });
    }

    @Override
    public Optional<Boolean> isDisabled(UserId id) {
        return db.statement("SELECT disabled FROM users WHERE id = ?", statement -> {
            statement.setString(1, id.value());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getBoolean(1)) : Optional.<Boolean>empty();
            }
        });
    }

    @Override
    public boolean setDisabled(UserId id, boolean disabled) {
        return db.statement("UPDATE users SET disabled = ? WHERE id = ?", statement -> {
            statement.setBoolean(1, disabled);
            statement.setString(2, id.value());
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public boolean markLoggedIn(UserId id, Instant at) {
        return db.statement("UPDATE users SET first_login_at = coalesce(first_login_at, ?) WHERE id = ?", statement -> {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setString(2, id.value());
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public void linkPassword(UserId id, Identity identity, Email email, PasswordHash passwordHash) {
        try {
            db.withConnection(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE users SET email = ?, password_hash = ?, first_login_at = coalesce(first_login_at, created_at) "
                                + "WHERE id = ?")) {
                    update.setString(1, email.value());
                    update.setString(2, passwordHash.encoded());
                    update.setString(3, id.value());
                    if (update.executeUpdate() != 1) {
                        throw new dev.keyport.domain.error.UserNotFound();
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO identities (id, user_id, position, provider, provider_user_id) VALUES (?, ?, "
                                + "(SELECT coalesce(max(position), -1) + 1 FROM identities WHERE user_id = ?), ?, ?)")) {
                    insert.setString(1, identity.id().value());
                    insert.setString(2, id.value());
                    insert.setString(3, id.value());
                    insert.setString(4, identity.provider().protocolName());
                    insert.setString(5, identity.providerUserId());
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (ConstraintViolation.of(e).filter("users_email_key"::equals).isPresent()) {
                throw new EmailAlreadyRegistered();
            }
            throw e;
        }
    }

    @Override
    public List<ListedUser> list(Optional<UserId> after, int limit) {
        List<UserId> ids = db.statement("SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?", statement -> {
            statement.setString(1, after.map(UserId::value).orElse(""));
            statement.setInt(2, limit);
            try (ResultSet rows = statement.executeQuery()) {
                List<UserId> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(new UserId(rows.getString(1)));
                }
                return found;
            }
        });
        List<ListedUser> listed = new ArrayList<>();
        for (UserId id : ids) {
            // one read per user keeps the identities' order as find() reads it; a page is at most 1,000
            find(id).ifPresent(user ->
                    listed.add(new ListedUser(user, isDisabled(id).orElse(false))));
        }
        return listed;
    }
}
