package dev.keyport.adapter.rest.admin.users;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminApiResponses;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.sessions.port.in.RevokeUserSessions;
import dev.keyport.application.userkeys.port.in.AdminUserApiKeyCommand;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKeyAsAdmin;
import dev.keyport.application.userkeys.port.in.DisableUserApiKeyAsAdmin;
import dev.keyport.application.userkeys.port.in.EndUserApiKeyGraceAsAdmin;
import dev.keyport.application.users.port.in.LookUpUser;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Users as the admin sees them: look one up with their keys, act on a user's key, end every session of a user. */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class UsersController {
    /** The use cases this controller calls. */
    public record Uses(LookUpUser lookUp, EndUserApiKeyGraceAsAdmin endKeyGrace, DisableUserApiKeyAsAdmin disableKey,
                       DeleteUserApiKeyAsAdmin deleteKey, RevokeUserSessions revokeSessions) {
    }

    private final Uses uses;
    private final AdminCallers callers;

    UsersController(Routes routes, AdminCallers callers) {
        this.uses = routes.users();
        this.callers = callers;
    }

    /** {@code ?q=} an email address or a user id. */
    @Operation(operationId = "lookUpUser", summary = "Find a user by id or email, with their keys")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/users{?q}")
    AdminApiResponses.UserDetails lookUpUser(HttpRequest<?> request, String app, @Nullable @QueryValue String q) {
        LookUpUser.UserWithKeys found = uses.lookUp().lookUp(new LookUpUser.Query(callers.of(request, app), q));
        return AdminApiResponses.UserDetails.of(found.user(), found.keys());
    }

    @Operation(operationId = "endUserKeyGraceAsAdmin", summary = "End a rolled user key's grace period: its previous value stops working now")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Ended (also when the key was not in a grace period)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/apps/{app}/users/{user}/api_keys/{id}/end_grace")
    HttpResponse<Void> endUserKeyGrace(HttpRequest<?> request, String app, String user, String id) {
        uses.endKeyGrace().endGrace(userKey(request, app, user, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "disableUserKeyAsAdmin", summary = "Disable a user's API key")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Disabled")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/users/{user}/api_keys/{id}/disable")
    HttpResponse<Void> disableUserKey(HttpRequest<?> request, String app, String user, String id) {
        uses.disableKey().disable(userKey(request, app, user, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "deleteUserKeyAsAdmin", summary = "Delete a user's API key")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Delete("/apps/{app}/users/{user}/api_keys/{id}")
    HttpResponse<Void> deleteUserKey(HttpRequest<?> request, String app, String user, String id) {
        uses.deleteKey().delete(userKey(request, app, user, id));
        return HttpResponse.noContent();
    }

    /**
     * Ends every session of the user, on every instance (App Services' "revoke all user sessions",
     * {@code PUT .../users/{id}/logout}). The user and their keys stay; logging in again works.
     */
    @Operation(operationId = "revokeUserSessions", summary = "End every session of a user")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/users/{user}/logout")
    HttpResponse<Void> revokeUserSessions(HttpRequest<?> request, String app, String user) {
        AdminCaller admin = callers.of(request, app);
        uses.revokeSessions().revoke(new RevokeUserSessions.Command(admin, new UserId(user)));
        return HttpResponse.noContent();
    }

    /** The admin token is checked first, then the app id, then the ids' format. */
    private AdminUserApiKeyCommand userKey(HttpRequest<?> request, String app, String user, String id) {
        return new AdminUserApiKeyCommand(callers.of(request, app), new UserId(user), new ApiKeyId(id));
    }
}
