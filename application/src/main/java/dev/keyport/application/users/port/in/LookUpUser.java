package dev.keyport.application.users.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.error.MissingParameter;
import dev.keyport.domain.user.User;
import java.util.List;
import java.util.Objects;

/** Finds a user by email address or id, with their user keys (never the values). */
public interface LookUpUser {
    UserWithKeys lookUp(Query query);

    /** @param emailOrId an email address, or a 24-hex user id */
    record Query(AdminCaller admin, String emailOrId) {
        public Query {
            Objects.requireNonNull(admin, "admin");
            if (emailOrId == null || emailOrId.isBlank()) {
                throw new MissingParameter("user");
            }
            emailOrId = emailOrId.strip();
        }
    }

    /** @param disabled whether an admin disabled the user (issue 24) */
    record UserWithKeys(User user, List<ApiKey> keys, boolean disabled) {}
}
