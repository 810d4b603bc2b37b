package dev.keyport.adapter.rest.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.application.accounts.port.in.AdminUserCommand;
import dev.keyport.application.accounts.port.in.ManageUsers;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.UserType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The admin's user management (issue 24), in the shape of App Services' Admin API under Keyport's
 * {@code /api/admin/v3.0/apps/{app}}: list users with their state, disable, enable, delete. Server users are
 * managed through their server keys ({@code 403 ServerUserForbidden} here).
 */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0/apps/{app}/users")
@ExecuteOn(TaskExecutors.BLOCKING)
final class UsersController {
    static final int DEFAULT_LIMIT = 100;
    private final ManageUsers users;
    private final AdminCallers callers;

    UsersController(ManageUsers users, AdminCallers callers) {
        this.users = users;
        this.callers = callers;
    }

    /** One user of the list; {@code state} is {@code confirmed} or {@code disabled} ({@code pending} comes with item 3). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ListedUser(@JsonProperty("_id") String id, String type, String email, String state,
                      @JsonProperty("created_at") String createdAt, @JsonProperty("identities") List<String> providers) {
        static ListedUser of(ManageUsers.ListedUser listed) {
            return new ListedUser(listed.user().id().value(), listed.user().type() == UserType.SERVER ? "server" : "normal",
                    listed.user().email().map(Object::toString).orElse(null),
                    listed.state().name().toLowerCase(Locale.ROOT), listed.user().createdAt().toString(),
                    listed.user().identities().stream().map(identity -> identity.provider().protocolName()).toList());
        }
    }

    /** A page; {@code next} is the {@code after} of the next page, null on the last one. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Page(List<ListedUser> users, String next) {
    }

    @Operation(operationId = "listUsers", summary = "Users in id order with their state (confirmed, disabled), "
            + "a page at a time (?after=<last id>&limit=1..1000, default 100)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "200", description = "A page of users", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/list{?after,limit}")
    Page list(HttpRequest<?> request, String app, @Nullable @QueryValue String after, @Nullable @QueryValue String limit) {
        AdminCaller admin = callers.of(request, app);
        Optional<UserId> from = after == null || after.isBlank() ? Optional.empty() : Optional.of(new UserId(after.strip()));
        ManageUsers.Page page = users.list(new ManageUsers.ListQuery(admin, from, AdminCallers.limit(limit, DEFAULT_LIMIT)));
        return new Page(page.users().stream().map(ListedUser::of).toList(), page.next().map(UserId::value).orElse(null));
    }

    @Operation(operationId = "disableUser", summary = "Disable a user: no login with any credential (their API keys "
            + "included), every session ends, their keys' introspection answers inactive")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Disabled (also when already disabled)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/{user}/disable")
    HttpResponse<Void> disable(HttpRequest<?> request, String app, String user) {
        users.disable(command(request, app, user));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "enableUser", summary = "Enable a disabled user: logins work again; ended sessions stay ended")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Enabled (also when not disabled)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/{user}/enable")
    HttpResponse<Void> enable(HttpRequest<?> request, String app, String user) {
        users.enable(command(request, app, user));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "deleteUser", summary = "Delete a user with their identities, sessions and API keys")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Delete("/{user}")
    HttpResponse<Void> delete(HttpRequest<?> request, String app, String user) {
        users.delete(command(request, app, user));
        return HttpResponse.noContent();
    }

    /** The token first (a bad one is a 401 whatever the path), then the app, then the id's format. */
    private AdminUserCommand command(HttpRequest<?> request, String app, String user) {
        AdminCaller admin = callers.of(request, app);
        return new AdminUserCommand(admin, new UserId(user));
    }
}
