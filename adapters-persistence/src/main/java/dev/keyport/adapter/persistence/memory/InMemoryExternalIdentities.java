package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.customtoken.port.out.ExternalIdentities;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** custom-token identities in memory, unique by provider, issuer and subject like the PostgreSQL index. */
final class InMemoryExternalIdentities implements ExternalIdentities {
    private final InMemoryDatabase db;
    private final SecureRandom random = new SecureRandom();

    InMemoryExternalIdentities(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<UserId> findUser(Identity.External identity) {
        return db.locked(
                () -> Optional.ofNullable(db.externalIdentities.get(identity)).filter(db.users::containsKey));
    }

    @Override
    public void addUser(User user, Identity.External identity) {
        db.locked(() -> {
            requireFree(identity);
            db.users.put(user.id(), user);
            return db.externalIdentities.put(identity, user.id());
        });
    }

    @Override
    public void attach(UserId userId, Identity.External identity) {
        db.locked(() -> {
            requireFree(identity);
            User user = db.users.get(userId);
            List<Identity> identities = new ArrayList<>(user.identities());
            identities.add(identity.withId(IdentityId.generate(Instant.now(), random)));
            db.users.put(
                    userId, new User(userId, user.type(), identities, user.email(), user.createdAt(), user.data()));
            return db.externalIdentities.put(identity, userId);
        });
    }

    private void requireFree(Identity.External identity) {
        UserId owner = db.externalIdentities.get(identity);
        if (owner != null && db.users.containsKey(owner)) {
            throw new IdentityTaken();
        }
    }

    @Override
    public void replaceData(UserId userId, Map<String, Object> data) {
        db.locked(() -> {
            User user = db.users.get(userId);
            return user == null
                    ? null
                    : db.users.put(
                            userId,
                            new User(userId, user.type(), user.identities(), user.email(), user.createdAt(), data));
        });
    }
}
