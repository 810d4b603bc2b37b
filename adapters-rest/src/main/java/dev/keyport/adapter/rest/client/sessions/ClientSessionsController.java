package dev.keyport.adapter.rest.client.sessions;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.client.ClientApiResponses;
import dev.keyport.adapter.rest.client.ClientApp;
import dev.keyport.adapter.rest.client.ClientCallers;
import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.BearerToken;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.application.sessions.port.in.AuthenticateRefreshToken;
import dev.keyport.application.sessions.port.in.GetProfile;
import dev.keyport.application.sessions.port.in.LogInAnonymously;
import dev.keyport.application.sessions.port.in.LogInWithApiKey;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.LogOut;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.sessions.port.in.ThrottledLogin;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.user.AuthProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The client protocol's sessions: where the app is served, log in with each provider, the profile,
 * a new access token from the refresh token, log out. No rule lives here; every refusal comes from a use
 * case (or from the request being unreadable) and leaves through the error handlers.
 */
@Tag(name = "client")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/client/v2.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ClientSessionsController {
    /** The client ignores exactly this message on logout, so it must stay word for word. */
    static final String REFRESH_TOKEN_NOT_FOUND = "failed to find refresh token";

    /** The use cases this controller calls. */
    public record Uses(LogInWithPassword logInWithPassword, LogInAnonymously logInAnonymously,
                       LogInWithApiKey logInWithApiKey, ThrottledLogin throttle, AuthenticateRefreshToken authenticate,
                       GetProfile profile, LogOut logOut) {
    }

    private final Uses uses;
    private final ClientApp app;
    private final ClientCallers callers;
    private final SignedTokens tokens;
    private final ThrottleKeys throttleKeys;
    private final Issuer issuer;
    private final JsonMapper json;

    ClientSessionsController(Routes routes, ClientApp app, SignedTokens tokens, ThrottleKeys throttleKeys, Issuer issuer,
                             JsonMapper json) {
        this.uses = routes.clientSessions();
        this.app = app;
        this.callers = new ClientCallers(tokens, uses.authenticate());
        this.tokens = tokens;
        this.throttleKeys = throttleKeys;
        this.issuer = issuer;
        this.json = json;
    }

    @Operation(operationId = "clientLocation", summary = "Where the app is served (the SDKs' first call)")
    @ApiResponse(responseCode = "200", description = "The app's base URLs", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/app/{app}/location")
    ClientApiResponses.Location location(String app, HttpRequest<?> request) {
        this.app.require(app);
        String hostname = issuer.of(request);
        String ws = hostname.replaceFirst("^http", "ws");
        return new ClientApiResponses.Location("GLOBAL", "US-VA", hostname, ws);
    }

    @Operation(operationId = "logIn", summary = "Log in with local-userpass, api-key or anon-user")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/LoginBody")))
    @ApiResponse(responseCode = "200", description = "A new session", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
    @Post("/app/{app}/auth/providers/{provider}/login")
    ClientApiResponses.Login logIn(HttpRequest<?> httpRequest, String app, String provider, @Nullable @Body byte[] body) {
        this.app.require(app);
        AuthProvider chosen = AuthProvider.byProtocolName(provider).orElseThrow(RequestRejected::providerNotFound);
        JsonRequest request = JsonRequest.parse(json, body);
        OpenedSession opened = switch (chosen) {
            case LOCAL_USERPASS -> {
                String username = request.requiredString("username");
                yield uses.throttle().attempt(throttleKeys.of(httpRequest, username), () -> uses.logInWithPassword().logIn(
                        new LogInWithPassword.Command(username, request.requiredString("password"), request.device())));
            }
            case ANON_USER -> uses.logInAnonymously().logIn(new LogInAnonymously.Command(request.device()));
            case API_KEY -> uses.throttle().attempt(throttleKeys.of(httpRequest, null), () -> uses.logInWithApiKey().logIn(
                    new LogInWithApiKey.Command(request.requiredString("key"), request.device())));
        };
        Caller session = opened.session();
        return new ClientApiResponses.Login(tokens.issueAccess(session, issuer.of(httpRequest)), tokens.issueRefresh(opened),
                session.userId().value(), session.deviceId().value());
    }

    @Operation(operationId = "getProfile", summary = "The logged-in user's profile")
    @SecurityRequirement(name = "accessToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/auth/profile")
    ClientApiResponses.Profile profile(HttpRequest<?> request) {
        return ClientApiResponses.Profile.of(uses.profile().profile(tokens.verifyAccess(BearerToken.from(request))),
                app.domainId());
    }

    @Operation(operationId = "refreshSession", summary = "A new access token for the session")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "201", description = "A new access token", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Post("/auth/session")
    HttpResponse<ClientApiResponses.AccessToken> refresh(HttpRequest<?> request) {
        Caller caller = callers.of(request);
        return HttpResponse.status(HttpStatus.CREATED)
                .body(new ClientApiResponses.AccessToken(tokens.issueAccess(caller, issuer.of(request))));
    }

    @Operation(operationId = "logOut", summary = "End the session (idempotent)")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "204", description = "The session is over")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Delete("/auth/session")
    HttpResponse<Void> logOut(HttpRequest<?> request) {
        try {
            uses.logOut().logOut(tokens.verifyRefresh(BearerToken.from(request)));
        } catch (InvalidSession noSuchSession) {
            // realm-web ignores exactly this message on logout: the session is gone either way.
            throw new InvalidSession(REFRESH_TOKEN_NOT_FOUND);
        }
        return HttpResponse.noContent();
    }
}
