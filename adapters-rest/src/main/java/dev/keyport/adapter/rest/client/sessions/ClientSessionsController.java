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
import dev.keyport.application.accounts.port.in.DeleteOwnAccount;
import dev.keyport.application.accounts.port.in.LinkCredentials;
import dev.keyport.application.customtoken.port.in.LogInWithCustomToken;
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
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Password;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
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
    public record Uses(
            LogInWithPassword logInWithPassword,
            LogInAnonymously logInAnonymously,
            LogInWithApiKey logInWithApiKey,
            LogInWithCustomToken logInWithCustomToken,
            ThrottledLogin throttle,
            AuthenticateRefreshToken authenticate,
            GetProfile profile,
            LogOut logOut,
            LinkCredentials link,
            DeleteOwnAccount deleteOwnAccount) {}

    private final Uses uses;
    private final ClientApp app;
    private final ClientCallers callers;
    private final SignedTokens tokens;
    private final ThrottleKeys throttleKeys;
    private final Issuer issuer;

    ClientSessionsController(
            Routes routes, ClientApp app, SignedTokens tokens, ThrottleKeys throttleKeys, Issuer issuer) {
        this.uses = routes.clientSessions();
        this.app = app;
        this.callers = new ClientCallers(tokens, uses.authenticate());
        this.tokens = tokens;
        this.throttleKeys = throttleKeys;
        this.issuer = issuer;
    }

    @Operation(operationId = "clientLocation", summary = "Where the app is served (the SDKs' first call)")
    @ApiResponse(responseCode = "200", description = "The app's base URLs", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/app/{app}/location")
    ClientApiResponses.Location location(String app, HttpRequest<?> request) {
        this.app.require(app);
        String hostname = issuer.of(request);
        String ws = hostname.startsWith("http") ? "ws" + hostname.substring("http".length()) : hostname;
        return new ClientApiResponses.Location("GLOBAL", "US-VA", hostname, ws);
    }

    @Operation(
            operationId = "logIn",
            summary = "Log in with local-userpass, api-key, anon-user or custom-token; with ?link=true "
                    + "and the user's access token, link the credentials to that user instead (ADR 0023)")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/LoginBody")))
    @ApiResponse(
            responseCode = "200",
            description = "A new session; when linking, a new access token for the caller's "
                    + "session, the caller's user_id and device_id, and no refresh token",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
    @Post("/app/{app}/auth/providers/{provider}/login") // ?link is read below, out of the template: the metrics uri
    // tag stays as documented
    ClientApiResponses.Login logIn(
            HttpRequest<?> httpRequest,
            String app,
            String provider,
            @Nullable @QueryValue String link,
            @Nullable @Body byte[] body) {
        this.app.require(app);
        AuthProvider chosen = AuthProvider.byProtocolName(provider).orElseThrow(RequestRejected::providerNotFound);
        if (linking(link)) {
            return link(httpRequest, chosen, body);
        }
        JsonRequest request = JsonRequest.parse(body);
        OpenedSession opened = switch (chosen) {
            case LOCAL_USERPASS -> {
                String username = request.requiredString("username");
                yield uses.throttle()
                        .attempt(
                                throttleKeys.of(httpRequest, username),
                                () -> uses.logInWithPassword()
                                        .logIn(new LogInWithPassword.Command(
                                                username, request.requiredString("password"), request.device())));
            }
            case ANON_USER -> uses.logInAnonymously().logIn(new LogInAnonymously.Command(request.device()));
            case API_KEY ->
                uses.throttle()
                        .attempt(
                                throttleKeys.of(httpRequest, null),
                                () -> uses.logInWithApiKey()
                                        .logIn(new LogInWithApiKey.Command(
                                                request.requiredString("key"), request.device())));
            case CUSTOM_TOKEN ->
                uses.throttle()
                        .attempt(
                                throttleKeys.of(httpRequest, null),
                                () -> uses.logInWithCustomToken()
                                        .logIn(new LogInWithCustomToken.Command(
                                                request.requiredString("token"), request.device())));
        };
        Caller session = opened.session();
        return new ClientApiResponses.Login(
                tokens.issueAccess(session, issuer.of(httpRequest)),
                tokens.issueRefresh(opened),
                session.userId().value(),
                session.deviceId().value());
    }

    /** {@code ?link=true} links; absent or {@code false} logs in; anything else is refused, never taken as a login. */
    private static boolean linking(String link) {
        if (link == null || link.equals("false")) {
            return false;
        }
        if (link.equals("true")) {
            return true;
        }
        throw RequestRejected.invalidParameter("link", "must be true or false");
    }

    /**
     * Links the credentials to the user of the access token (which must name a live session), never logs in as
     * their identity: the answer names the caller's user and device, with a new access token for the caller's
     * session and no refresh token (realm-core keeps its refresh token; realm-web checks the user id).
     */
    private ClientApiResponses.Login link(HttpRequest<?> httpRequest, AuthProvider provider, byte[] body) {
        Caller caller = tokens.verifyAccess(BearerToken.from(httpRequest));
        JsonRequest request = JsonRequest.parse(body);
        Caller linked = switch (provider) {
            case LOCAL_USERPASS -> {
                String username = request.requiredString("username");
                yield uses.throttle()
                        .attempt(
                                throttleKeys.of(httpRequest, username),
                                () -> uses.link()
                                        .link(new LinkCredentials.Command(
                                                caller,
                                                new LinkCredentials.EmailPassword(
                                                        new Email(username),
                                                        Password.offered(request.requiredString("password"))))));
            }
            case ANON_USER -> uses.link().link(new LinkCredentials.Command(caller, new LinkCredentials.Anonymous()));
            case API_KEY -> uses.link().link(new LinkCredentials.Command(caller, new LinkCredentials.ApiKey()));
            case CUSTOM_TOKEN ->
                uses.throttle()
                        .attempt(
                                throttleKeys.of(httpRequest, null),
                                () -> uses.link()
                                        .link(new LinkCredentials.Command(
                                                caller,
                                                new LinkCredentials.CustomToken(request.requiredString("token")))));
        };
        return new ClientApiResponses.Login(
                tokens.issueAccess(linked, issuer.of(httpRequest)),
                null,
                linked.userId().value(),
                linked.deviceId().value());
    }

    @Operation(
            operationId = "deleteOwnAccount",
            summary = "Delete the logged-in user: identities, sessions and API keys "
                    + "go with them; the email can register again")
    @SecurityRequirement(name = "accessToken")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Delete("/auth/delete")
    HttpResponse<Void> deleteOwnAccount(HttpRequest<?> request) {
        uses.deleteOwnAccount().deleteOwnAccount(tokens.verifyAccess(BearerToken.from(request)));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "getProfile", summary = "The logged-in user's profile")
    @SecurityRequirement(name = "accessToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/auth/profile")
    ClientApiResponses.Profile profile(HttpRequest<?> request) {
        return ClientApiResponses.Profile.of(
                uses.profile().profile(tokens.verifyAccess(BearerToken.from(request))), app.domainId());
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
