package dev.keyport.application.users.service;

import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.application.users.port.in.LookUpUser;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.User;
import java.util.Optional;

/** Finds a user for an admin: a 24-hex string is an id, anything with an {@code @} an email address. */
public final class UserLookupService implements LookUpUser {
    private final Users users;
    private final ApiKeys apiKeys;

    public UserLookupService(Users users, ApiKeys apiKeys) {
        this.users = users;
        this.apiKeys = apiKeys;
    }

    @Override
    public UserWithKeys lookUp(Query query) {
        Optional<User> user = query.emailOrId().contains("@")
                ? users.findByEmail(new Email(query.emailOrId()))
                : users.find(new UserId(query.emailOrId()));
        User found = user.orElseThrow(UserNotFound::new);
        return new UserWithKeys(
                found,
                apiKeys.ring(found.id()).keys(),
                users.isDisabled(found.id()).orElse(false));
    }
}
