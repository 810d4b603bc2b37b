package dev.keyport.adapter.rest.client;

import dev.keyport.application.accounts.port.in.DeleteOwnAccount;
import dev.keyport.application.accounts.port.in.LinkCredentials;
import dev.keyport.application.userkeys.port.in.RollUserApiKey;
import dev.keyport.application.userkeys.port.in.EndUserApiKeyGrace;
import dev.keyport.application.shared.port.in.CreatedApiKey;

import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.adapter.rest.token.BearerToken;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.application.sessions.port.in.AuthenticateRefreshToken;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKey;
import dev.keyport.application.userkeys.port.in.DisableUserApiKey;
import dev.keyport.application.userkeys.port.in.EnableUserApiKey;
import dev.keyport.application.sessions.port.in.GetProfile;
import dev.keyport.application.userkeys.port.in.GetUserApiKey;
import dev.keyport.application.userkeys.port.in.ListUserApiKeys;
import dev.keyport.application.sessions.port.in.LogInAnonymously;
import dev.keyport.application.sessions.port.in.LogInWithApiKey;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.LogOut;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.sessions.port.in.ThrottledLogin;
import dev.keyport.application.userkeys.port.in.UserApiKeyCommand;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.Password;
import dev.keyport.domain.user.UserType;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The App Services client protocol, {@code /api/client/v2.0}: translates HTTP to use-case commands
 * and results back to the protocol's JSON. No rule lives here; every refusal comes from a use case
 * (or from the request being unreadable) and leaves through the error handlers.
 */
@Tag(name = "client")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/client/v2.0")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ClientApiController {
    /** The client ignores exactly this message on logout, so it must stay word for word. */
    static final String REFRESH_TOKEN_NOT_FOUND = "failed to find refresh token";
    private final RegisterUser registerUser;
    private final LogInWithPassword logInWithPassword;
    private final LogInAnonymously logInAnonymously;
    private final LogInWithApiKey logInWithApiKey;
    private final AuthenticateRefreshToken authenticate;
    private final LogOut logOut;
    private final GetProfile getProfile;
    private final CreateUserApiKey createKey;
    private final ListUserApiKeys listKeys;
    private final GetUserApiKey getKey;
    private final EnableUserApiKey enableKey;
    private final DisableUserApiKey disableKey;
    private final DeleteUserApiKey deleteKey;
    private final RollUserApiKey rollKey;
    private final EndUserApiKeyGrace endGrace;
    private final SignedTokens tokens;
    private final ThrottledLogin throttle;
    private final ThrottleKeys throttleKeys;
    private final JsonMapper json;
    private final String appId;
    private final String domainId;
    private final Issuer issuer;
    private final LinkCredentials linkCredentials;
    private final DeleteOwnAccount deleteOwnAccount;

    @SuppressWarnings("checkstyle:ParameterNumber")
    ClientApiController(RegisterUser registerUser, LogInWithPassword logInWithPassword,
                        LogInAnonymously logInAnonymously, LogInWithApiKey logInWithApiKey,
                        AuthenticateRefreshToken authenticate, LogOut logOut, GetProfile getProfile,
                        CreateUserApiKey createKey, ListUserApiKeys listKeys, GetUserApiKey getKey,
                        EnableUserApiKey enableKey, DisableUserApiKey disableKey, DeleteUserApiKey deleteKey,
                        RollUserApiKey rollKey, EndUserApiKeyGrace endGrace,
                        SignedTokens tokens, ThrottledLogin throttle, ThrottleKeys throttleKeys, JsonMapper json,
                        @Value("${keyport.app-id:keyport}") String appId, Issuer issuer,
                        LinkCredentials linkCredentials, DeleteOwnAccount deleteOwnAccount) {
        this.linkCredentials = linkCredentials;
        this.deleteOwnAccount = deleteOwnAccount;
        this.registerUser = registerUser;
        this.logInWithPassword = logInWithPassword;
        this.logInAnonymously = logInAnonymously;
        this.logInWithApiKey = logInWithApiKey;
        this.authenticate = authenticate;
        this.logOut = logOut;
        this.getProfile = getProfile;
        this.createKey = createKey;
        this.listKeys = listKeys;
        this.getKey = getKey;
        this.enableKey = enableKey;
        this.disableKey = disableKey;
        this.deleteKey = deleteKey;
        this.rollKey = rollKey;
        this.endGrace = endGrace;
        this.tokens = tokens;
        this.throttle = throttle;
        this.throttleKeys = throttleKeys;
        this.json = json;
        this.appId = appId;
        this.domainId = domainIdOf(appId);
        this.issuer = issuer;
    }

    /**
     * The profile's {@code domain_id}: 24 hex characters that stay the same for an app id (the first 12
     * bytes of SHA-256 over {@code "domain:" + appId}). Nothing secret goes in, so it is a plain hash.
     */
    static String domainIdOf(String appId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("domain:" + appId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    // --- routes without a session -------------------------------------------------------------

    @Operation(operationId = "clientLocation", summary = "Where the app is served (the SDKs' first call)")
    @ApiResponse(responseCode = "200", description = "The app's base URLs", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/app/{app}/location")
    ClientApiResponses.Location location(String app, HttpRequest<?> request) {
        requireApp(app);
        String hostname = issuer.of(request);
        String ws = hostname.replaceFirst("^http", "ws");
        return new ClientApiResponses.Location("GLOBAL", "US-VA", hostname, ws);
    }

    @Operation(operationId = "registerUser", summary = "Register an email/password user")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/Registration")))
    @ApiResponse(responseCode = "201", description = "Registered; log in next", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/app/{app}/auth/providers/local-userpass/register")
    HttpResponse<ClientApiResponses.Empty> register(String app, @Nullable @Body byte[] body) {
        requireApp(app);
        JsonRequest request = JsonRequest.parse(json, body);
        registerUser.register(new RegisterUser.Command(request.requiredString("email"), request.requiredString("password")));
        return HttpResponse.status(HttpStatus.CREATED).body(new ClientApiResponses.Empty());
    }

    @Operation(operationId = "logIn", summary = "Log in with local-userpass, api-key or anon-user; with ?link=true and the "
            + "user's access token, link the credentials to that user instead (ADR 0023)")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/LoginBody")))
    @ApiResponse(responseCode = "200", description = "A new session; when linking, a new access token for the caller's "
            + "session, the caller's user_id and device_id, and no refresh token", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
    @Post("/app/{app}/auth/providers/{provider}/login") // ?link is read below, out of the template: the metrics uri tag stays as documented
    ClientApiResponses.Login logIn(HttpRequest<?> httpRequest, String app, String provider, @Nullable @QueryValue String link,
                                   @Nullable @Body byte[] body) {
        requireApp(app);
        AuthProvider chosen = AuthProvider.byProtocolName(provider).orElseThrow(RequestRejected::providerNotFound);
        if (linking(link)) {
            return link(httpRequest, chosen, body);
        }
        JsonRequest request = JsonRequest.parse(json, body);
        OpenedSession opened = switch (chosen) {
            case LOCAL_USERPASS -> {
                String username = request.requiredString("username");
                yield throttle.attempt(throttleKeys.of(httpRequest, username), () -> logInWithPassword.logIn(
                        new LogInWithPassword.Command(username, request.requiredString("password"), request.device())));
            }
            case ANON_USER -> logInAnonymously.logIn(new LogInAnonymously.Command(request.device()));
            case API_KEY -> throttle.attempt(throttleKeys.of(httpRequest, null), () -> logInWithApiKey.logIn(
                    new LogInWithApiKey.Command(request.requiredString("key"), request.device())));
        };
        Caller session = opened.session();
        return new ClientApiResponses.Login(tokens.issueAccess(session, issuer.of(httpRequest)), tokens.issueRefresh(opened),
                session.userId().value(), session.deviceId().value());
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
        JsonRequest request = JsonRequest.parse(json, body);
        Caller linked = switch (provider) {
            case LOCAL_USERPASS -> {
                String username = request.requiredString("username");
                yield throttle.attempt(throttleKeys.of(httpRequest, username), () -> linkCredentials.link(
                        new LinkCredentials.Command(caller, new LinkCredentials.EmailPassword(new Email(username),
                                Password.offered(request.requiredString("password"))))));
            }
            case ANON_USER -> linkCredentials.link(new LinkCredentials.Command(caller, new LinkCredentials.Anonymous()));
            case API_KEY -> linkCredentials.link(new LinkCredentials.Command(caller, new LinkCredentials.ApiKey()));
        };
        return new ClientApiResponses.Login(tokens.issueAccess(linked, issuer.of(httpRequest)), null,
                linked.userId().value(), linked.deviceId().value());
    }

    // --- access-token routes --------------------------------------------------------------------

    @Operation(operationId = "getProfile", summary = "The logged-in user's profile")
    @SecurityRequirement(name = "accessToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/auth/profile")
    ClientApiResponses.Profile profile(HttpRequest<?> request) {
        GetProfile.Profile profile = getProfile.profile(tokens.verifyAccess(BearerToken.from(request)));
        List<ClientApiResponses.Identity> identities = new ArrayList<>();
        for (Identity identity : profile.user().identities()) {
            identities.add(new ClientApiResponses.Identity(identity.id().value(),
                    identity.provider().protocolName(), identity.providerUserId()));
        }
        // A key login shows the key as an identity beside the owner's; a server user's only identity
        // already is its key (same provider, same provider id), so it is not listed twice.
        profile.loggedInWith()
                .filter(key -> identities.stream().noneMatch(identity -> identity.isApiKey(key)))
                .ifPresent(key -> identities.add(new ClientApiResponses.Identity(
                        key.value(), AuthProvider.API_KEY.protocolName(), key.value())));
        Map<String, String> data = profile.user().email().map(email -> Map.of("email", email.value())).orElse(Map.of());
        return new ClientApiResponses.Profile(profile.user().id().value(), domainId,
                profile.user().type() == UserType.SERVER ? "server" : "normal", identities, data);
    }

    @Operation(operationId = "deleteOwnAccount", summary = "Delete the logged-in user: identities, sessions and API keys "
            + "go with them; the email can register again")
    @SecurityRequirement(name = "accessToken")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Delete("/auth/delete")
    HttpResponse<Void> deleteOwnAccount(HttpRequest<?> request) {
        deleteOwnAccount.deleteOwnAccount(tokens.verifyAccess(BearerToken.from(request)));
        return HttpResponse.noContent();
    }

    // --- refresh-token routes -------------------------------------------------------------------

    @Operation(operationId = "refreshSession", summary = "A new access token for the session")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "201", description = "A new access token", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Post("/auth/session")
    HttpResponse<ClientApiResponses.AccessToken> refresh(HttpRequest<?> request) {
        Caller caller = caller(request);
        return HttpResponse.status(HttpStatus.CREATED).body(new ClientApiResponses.AccessToken(tokens.issueAccess(caller, issuer.of(request))));
    }

    @Operation(operationId = "logOut", summary = "End the session (idempotent)")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "204", description = "The session is over")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Delete("/auth/session")
    HttpResponse<Void> logOut(HttpRequest<?> request) {
        try {
            logOut.logOut(tokens.verifyRefresh(BearerToken.from(request)));
        } catch (InvalidSession noSuchSession) {
            // realm-web ignores exactly this message on logout: the session is gone either way.
            throw new InvalidSession(REFRESH_TOKEN_NOT_FOUND);
        }
        return HttpResponse.noContent();
    }

    @Operation(operationId = "createUserApiKey", summary = "Create a user API key; its value is shown this once")
    @SecurityRequirement(name = "refreshToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/KeyName")))
    @ApiResponse(responseCode = "201", description = "The new key with its value", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/auth/api_keys")
    HttpResponse<ClientApiResponses.CreatedKey> createKey(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Caller caller = caller(request);
        JsonRequest fields = JsonRequest.parse(json, body);
        String name = fields.requiredString("name");
        CreatedApiKey created = createKey.create(new CreateUserApiKey.Command(caller, new ApiKeyName(name), fields.requestedExpiry()));
        ApiKey key = created.key();
        return HttpResponse.status(HttpStatus.CREATED).body(new ClientApiResponses.CreatedKey(
                key.id().value(), created.secret().reveal(), key.name().value(), key.disabled(), ClientApiResponses.expiry(key)));
    }

    @Operation(operationId = "listUserApiKeys", summary = "The user's API keys, without values")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/auth/api_keys")
    List<ClientApiResponses.Key> listKeys(HttpRequest<?> request) {
        return listKeys.list(caller(request)).stream().map(ClientApiResponses.Key::of).toList();
    }

    @Operation(operationId = "getUserApiKey", summary = "One of the user's API keys, without its value")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/auth/api_keys/{id}")
    ClientApiResponses.Key getKey(HttpRequest<?> request, String id) {
        return ClientApiResponses.Key.of(getKey.get(keyCommand(request, id)));
    }

    @Operation(operationId = "enableUserApiKey", summary = "Enable one of the user's API keys")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "204", description = "Enabled")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/auth/api_keys/{id}/enable")
    HttpResponse<Void> enableKey(HttpRequest<?> request, String id) {
        enableKey.enable(keyCommand(request, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "disableUserApiKey", summary = "Disable one of the user's API keys; its sessions end")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "204", description = "Disabled")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/auth/api_keys/{id}/disable")
    HttpResponse<Void> disableKey(HttpRequest<?> request, String id) {
        disableKey.disable(keyCommand(request, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "deleteUserApiKey", summary = "Delete one of the user's API keys; its sessions end")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Delete("/auth/api_keys/{id}")
    HttpResponse<Void> deleteKey(HttpRequest<?> request, String id) {
        deleteKey.delete(keyCommand(request, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "rollUserApiKey", summary = "A new value for one of the user's keys; the old one works for the grace period asked for")
    @SecurityRequirement(name = "refreshToken")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/RollRequest")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/auth/api_keys/{id}/roll")
    ClientApiResponses.RolledKey rollKey(HttpRequest<?> request, String id, @Nullable @Body byte[] body) {
        UserApiKeyCommand key = keyCommand(request, id);
        long grace = JsonRequest.graceSeconds(json, body);
        return ClientApiResponses.RolledKey.of(rollKey.roll(new RollUserApiKey.Command(key.caller(), key.keyId(), grace)));
    }

    @Operation(operationId = "endUserApiKeyGrace", summary = "End a rolled key's grace period: its previous value, and the sessions opened with it, stop working now")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "204", description = "Ended (also when the key was not in a grace period)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/auth/api_keys/{id}/end_grace")
    HttpResponse<Void> endKeyGrace(HttpRequest<?> request, String id) {
        endGrace.endGrace(keyCommand(request, id));
        return HttpResponse.noContent();
    }

    // --- helpers --------------------------------------------------------------------------------

    private Caller caller(HttpRequest<?> request) {
        return authenticate.authenticate(tokens.verifyRefresh(BearerToken.from(request)));
    }

    /** The session is checked first, so a bad token is a 401 whatever the id; then the id's format. */
    private UserApiKeyCommand keyCommand(HttpRequest<?> request, String id) {
        Caller caller = caller(request);
        return new UserApiKeyCommand(caller, new ApiKeyId(id));
    }

    private void requireApp(String app) {
        if (!appId.equals(app)) {
            throw RequestRejected.appNotFound();
        }
    }

}
