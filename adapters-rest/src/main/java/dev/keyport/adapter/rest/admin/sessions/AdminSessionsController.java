package dev.keyport.adapter.rest.admin.sessions;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminApiResponses;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.port.in.AdminSessions;
import dev.keyport.application.admin.port.in.LogInAsAdmin;
import dev.keyport.application.sessions.port.in.ThrottledLogin;
import dev.keyport.domain.user.Password;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The admin's own session: log in (throttled like client logins), log out, change the admin password. */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class AdminSessionsController {
    /** The use cases this controller calls. */
    public record Uses(LogInAsAdmin logIn, AdminSessions sessions, ThrottledLogin throttle) {}

    private final Uses uses;
    private final AdminCallers callers;
    private final SignedTokens tokens;
    private final ThrottleKeys throttleKeys;

    AdminSessionsController(Routes routes, AdminCallers callers, SignedTokens tokens, ThrottleKeys throttleKeys) {
        this.uses = routes.adminSessions();
        this.callers = callers;
        this.tokens = tokens;
        this.throttleKeys = throttleKeys;
    }

    @Operation(operationId = "adminLogIn", summary = "Log in as the admin")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/Credentials")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
    @Post("/auth/providers/local-userpass/login")
    AdminApiResponses.AdminLogin logIn(HttpRequest<?> httpRequest, @Nullable @Body byte[] body) {
        JsonRequest request = JsonRequest.parse(body);
        String username = request.requiredString("username");
        Password password = Password.offered(request.requiredString("password"));
        AdminCaller admin = uses.throttle()
                .attempt(
                        throttleKeys.of(httpRequest, "admin:" + username),
                        () -> uses.logIn().logIn(new LogInAsAdmin.Command(username, password)));
        return new AdminApiResponses.AdminLogin(tokens.issueAdmin(admin), admin.username());
    }

    /** Sign-out: the token's admin session ends, on every instance. */
    @Operation(operationId = "adminLogOut", summary = "End the admin session")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "The session is over")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Delete("/auth/session")
    HttpResponse<Void> logOut(HttpRequest<?> request) {
        uses.sessions().logOut(callers.authenticated(request));
        return HttpResponse.noContent();
    }

    /**
     * A Keyport extension: replaces a generated admin password. Every admin session ends, this one
     * included. Wrong current passwords are throttled like failed admin logins. A password set in configuration is changed there instead (409 AdminPasswordConfigured).
     */
    @Operation(operationId = "changeAdminPassword", summary = "Change the admin password")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/NewPassword")))
    @ApiResponse(responseCode = "204", description = "Changed; other admin sessions end")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
    @Put("/auth/password")
    HttpResponse<Void> changePassword(HttpRequest<?> request, @Nullable @Body byte[] body) {
        AdminCaller admin = callers.authenticated(request);
        JsonRequest fields = JsonRequest.parse(body);
        Password current = Password.offered(fields.requiredString("current_password"));
        Password replacement = Password.chosen(fields.requiredString("new_password"));
        // a wrong current password counts against the same guessing limit as a failed admin login
        uses.throttle().attempt(throttleKeys.of(request, "admin:" + admin.username()), () -> {
            uses.sessions().changePassword(new AdminSessions.ChangePassword(admin, current, replacement));
            return null;
        });
        return HttpResponse.noContent();
    }
}
