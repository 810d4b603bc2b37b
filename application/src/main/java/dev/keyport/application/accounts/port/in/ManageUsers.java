package dev.keyport.application.accounts.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.User;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin's user management (issue 24), in the shape of App Services' Admin API: list users with their state,
 * disable, enable, delete. Server users are managed through their server keys and refused here.
 */
public interface ManageUsers {

    /**
     * The user can no longer log in with any credential, their API keys included; every session ends (stored ones
     * are deleted, key sessions' generations move on), and their keys' introspection answers inactive. Idempotent.
     */
    void disable(AdminUserCommand command);

    /** The user can log in again; the sessions that ended on disable stay ended. Idempotent. */
    void enable(AdminUserCommand command);

    /** As {@link DeleteOwnAccount}, by the admin. */
    void delete(AdminUserCommand command);

    /** A page of users in id order. */
    Page list(ListQuery query);

    /** @param limit 1 to {@link #MAX_LIMIT} */
    record ListQuery(AdminCaller admin, Optional<UserId> after, int limit) {
        public ListQuery {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(after, "after");
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InvalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
            }
        }
    }

    int MAX_LIMIT = 1000;

    /**
     * A user's state as the list shows it. {@code CONFIRMED}: may log in; {@code DISABLED}: an admin disabled them.
     * The email confirmation of issue 24 (item 3) adds {@code PENDING} (registered, not confirmed yet) here.
     */
    enum State {
        CONFIRMED,
        DISABLED
    }

    record ListedUser(User user, State state) {}

    /** @param next the {@code after} of the next page, empty on the last one */
    record Page(List<ListedUser> users, Optional<UserId> next) {}
}
