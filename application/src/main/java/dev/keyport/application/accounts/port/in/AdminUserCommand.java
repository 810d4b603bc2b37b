package dev.keyport.application.accounts.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.id.UserId;
import java.util.Objects;

/** The admin acting on one user. */
public record AdminUserCommand(AdminCaller admin, UserId user) {
    public AdminUserCommand {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(user, "user");
    }
}
