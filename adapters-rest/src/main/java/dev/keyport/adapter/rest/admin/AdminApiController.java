package dev.keyport.adapter.rest.admin;

import dev.keyport.adapter.rest.json.Instants;
import dev.keyport.application.userkeys.port.in.EndUserApiKeyGraceAsAdmin;
import dev.keyport.application.serverkeys.port.in.EndServerApiKeyGrace;
import dev.keyport.application.serverkeys.port.in.RollServerApiKey;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.application.providers.port.in.LimitKeyLifetimes;
import dev.keyport.application.shared.port.in.CreatedApiKey;

import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import dev.keyport.application.signingkeys.port.in.RotateAccessTokenKey;
import dev.keyport.application.signingkeys.port.in.RotateTokenKey;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import dev.keyport.application.admin.port.in.AdminSessions;
import dev.keyport.application.userkeys.port.in.AdminUserApiKeyCommand;
import dev.keyport.application.serverkeys.port.in.CreateServerApiKey;
import dev.keyport.application.serverkeys.port.in.DeleteServerApiKey;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKeyAsAdmin;
import dev.keyport.application.serverkeys.port.in.DisableServerApiKey;
import dev.keyport.application.userkeys.port.in.DisableUserApiKeyAsAdmin;
import dev.keyport.application.serverkeys.port.in.EnableServerApiKey;
import dev.keyport.application.serverkeys.port.in.GetServerApiKey;
import dev.keyport.application.providers.port.in.ListAuthProviders;
import dev.keyport.application.serverkeys.port.in.ListServerApiKeys;
import dev.keyport.application.admin.port.in.LogInAsAdmin;
import dev.keyport.application.users.port.in.LookUpUser;
import dev.keyport.application.audit.port.in.ReadAuditTrail;
import dev.keyport.application.sessions.port.in.RevokeUserSessions;
import dev.keyport.application.serverkeys.port.in.ServerApiKeyCommand;
import dev.keyport.application.sessions.port.in.ThrottledLogin;
import dev.keyport.application.providers.port.in.SwitchAuthProvider;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
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
 * Keyport's admin API, {@code /api/admin/v3.0}, shaped after App Services' admin API: server API
 * keys and provider switches under {@code /apps/{app}/...}, plus user lookup, the audit trail and
 * the app-directory export. Every route but the login takes an admin access token; a client token
 * (or a refresh token) is a 401 here, as an admin token is on the client routes.
 */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AdminApiController {
    private static final int DEFAULT_AUDIT_LIMIT = 100;

    private final LogInAsAdmin logInAsAdmin;
    private final AdminSessions adminSessions;
    private final ListAuthProviders listProviders;
    private final SwitchAuthProvider switchProvider;
    private final LimitKeyLifetimes limitLifetimes;
    private final AdminCallers callers;
    private final CreateServerApiKey createKey;
    private final ListServerApiKeys listKeys;
    private final GetServerApiKey getKey;
    private final EnableServerApiKey enableKey;
    private final DisableServerApiKey disableKey;
    private final DeleteServerApiKey deleteKey;
    private final RollServerApiKey rollKey;
    private final EndServerApiKeyGrace endGrace;
    private final EndUserApiKeyGraceAsAdmin endUserKeyGrace;
    private final LookUpUser lookUpUser;
    private final DisableUserApiKeyAsAdmin disableUserKey;
    private final DeleteUserApiKeyAsAdmin deleteUserKey;
    private final RevokeUserSessions revokeSessions;
    private final ReadAuditTrail auditTrail;
    private final AccessTokenKeys accessTokenKeys;
    private final RotateAccessTokenKey rotateKey;
    private final TokenKeys tokenKeys;
    private final RotateTokenKey rotateTokenKey;
    private final SignedTokens tokens;
    private final ThrottledLogin throttle;
    private final ThrottleKeys throttleKeys;
    private final JsonMapper json;

    @SuppressWarnings("checkstyle:ParameterNumber")
    AdminApiController(LogInAsAdmin logInAsAdmin, AdminSessions adminSessions, ListAuthProviders listProviders, SwitchAuthProvider switchProvider,
                       LimitKeyLifetimes limitLifetimes, AdminCallers callers,
                       CreateServerApiKey createKey, ListServerApiKeys listKeys, GetServerApiKey getKey,
                       EnableServerApiKey enableKey, DisableServerApiKey disableKey, DeleteServerApiKey deleteKey,
                       RollServerApiKey rollKey, EndServerApiKeyGrace endGrace, EndUserApiKeyGraceAsAdmin endUserKeyGrace,
                       LookUpUser lookUpUser, DisableUserApiKeyAsAdmin disableUserKey,
                       DeleteUserApiKeyAsAdmin deleteUserKey, RevokeUserSessions revokeSessions,
                       ReadAuditTrail auditTrail, AccessTokenKeys accessTokenKeys, RotateAccessTokenKey rotateKey,
                       TokenKeys tokenKeys, RotateTokenKey rotateTokenKey, SignedTokens tokens,
                       ThrottledLogin throttle, ThrottleKeys throttleKeys, JsonMapper json) {
        this.logInAsAdmin = logInAsAdmin;
        this.adminSessions = adminSessions;
        this.listProviders = listProviders;
        this.limitLifetimes = limitLifetimes;
        this.callers = callers;
        this.switchProvider = switchProvider;
        this.createKey = createKey;
        this.listKeys = listKeys;
        this.getKey = getKey;
        this.enableKey = enableKey;
        this.disableKey = disableKey;
        this.deleteKey = deleteKey;
        this.rollKey = rollKey;
        this.endGrace = endGrace;
        this.endUserKeyGrace = endUserKeyGrace;
        this.lookUpUser = lookUpUser;
        this.disableUserKey = disableUserKey;
        this.deleteUserKey = deleteUserKey;
        this.revokeSessions = revokeSessions;
        this.auditTrail = auditTrail;
        this.accessTokenKeys = accessTokenKeys;
        this.rotateKey = rotateKey;
        this.tokenKeys = tokenKeys;
        this.rotateTokenKey = rotateTokenKey;
        this.tokens = tokens;
        this.throttle = throttle;
        this.throttleKeys = throttleKeys;
        this.json = json;
    }

    @Operation(operationId = "adminLogIn", summary = "Log in as the admin")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/Credentials")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
    @Post("/auth/providers/local-userpass/login")
    AdminApiResponses.AdminLogin logIn(HttpRequest<?> httpRequest, @Nullable @Body byte[] body) {
        JsonRequest request = JsonRequest.parse(json, body);
        String username = request.requiredString("username");
        Password password = Password.offered(request.requiredString("password"));
        AdminCaller admin = throttle.attempt(throttleKeys.of(httpRequest, "admin:" + username),
                () -> logInAsAdmin.logIn(new LogInAsAdmin.Command(username, password)));
        return new AdminApiResponses.AdminLogin(tokens.issueAdmin(admin), admin.username());
    }

    /** Sign-out: the token's admin session ends, on every instance. */
    @Operation(operationId = "adminLogOut", summary = "End the admin session")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "The session is over")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Delete("/auth/session")
    HttpResponse<Void> logOut(HttpRequest<?> request) {
        adminSessions.logOut(authenticated(request));
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
        AdminCaller admin = authenticated(request);
        JsonRequest fields = JsonRequest.parse(json, body);
        Password current = Password.offered(fields.requiredString("current_password"));
        Password replacement = Password.chosen(fields.requiredString("new_password"));
        // a wrong current password counts against the same guessing limit as a failed admin login
        throttle.attempt(throttleKeys.of(request, "admin:" + admin.username()), () -> {
            adminSessions.changePassword(new AdminSessions.ChangePassword(admin, current, replacement));
            return null;
        });
        return HttpResponse.noContent();
    }

    // --- providers --------------------------------------------------------------------------------

    @Operation(operationId = "listProviders", summary = "The app's authentication providers")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/auth_providers")
    List<AdminApiResponses.Provider> providers(HttpRequest<?> request, String app) {
        admin(request, app);
        return listProviders.list().stream().map(AdminApiResponses.Provider::of).toList();
    }

    @Operation(operationId = "enableProvider", summary = "Switch a provider on")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Enabled")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/auth_providers/{id}/enable")
    HttpResponse<Void> enableProvider(HttpRequest<?> request, String app, String id) {
        switchProvider.switchProvider(new SwitchAuthProvider.Command(admin(request, app), provider(id), true));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "disableProvider", summary = "Switch a provider off")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Disabled")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/auth_providers/{id}/disable")
    HttpResponse<Void> disableProvider(HttpRequest<?> request, String app, String id) {
        switchProvider.switchProvider(new SwitchAuthProvider.Command(admin(request, app), provider(id), false));
        return HttpResponse.noContent();
    }

    /** The provider configuration as app-directory files: path -> document. */
    @Operation(operationId = "exportProviders", summary = "The providers as App Services app-directory files")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/export")
    Map<String, AdminApiResponses.ProviderFile> export(HttpRequest<?> request, String app) {
        admin(request, app);
        return AdminApiResponses.export(listProviders.list());
    }

    // --- server keys ------------------------------------------------------------------------------

    @Operation(operationId = "getKeyLifetimes", summary = "The longest lifetime allowed for new user and server API keys (null: no limit)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/api_key_lifetimes")
    AdminApiResponses.KeyLifetimes keyLifetimes(HttpRequest<?> request, String app) {
        admin(request, app);
        return AdminApiResponses.KeyLifetimes.of(listProviders.list().stream()
                .filter(setting -> setting.provider() == AuthProvider.API_KEY).findFirst()
                .map(ProviderSetting::keyLifetimes).orElseGet(KeyLifetimes::unlimited));
    }

    @Operation(operationId = "setKeyLifetimes", summary = "Limit the lifetime of new user and server API keys; existing keys keep theirs")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/KeyLifetimeLimits")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/api_key_lifetimes")
    AdminApiResponses.KeyLifetimes setKeyLifetimes(HttpRequest<?> request, String app, @Nullable @Body byte[] body) {
        AdminCaller admin = admin(request, app);
        JsonRequest fields = JsonRequest.parse(json, body);
        KeyLifetimes lifetimes = new KeyLifetimes(fields.optionalWholeNumber("user_key_max_lifetime_days"),
                fields.optionalWholeNumber("server_key_max_lifetime_days"), fields.optionalWholeNumber("max_roll_grace_hours"));
        return AdminApiResponses.KeyLifetimes.of(limitLifetimes.limit(new LimitKeyLifetimes.Command(admin, lifetimes)).keyLifetimes());
    }

    @Operation(operationId = "createServerApiKey", summary = "Create a server API key and its server user; the value is shown this once")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/KeyName")))
    @ApiResponse(responseCode = "201", description = "The new key with its value", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/apps/{app}/api_keys")
    HttpResponse<AdminApiResponses.CreatedKey> createKey(HttpRequest<?> request, String app, @Nullable @Body byte[] body) {
        AdminCaller admin = admin(request, app);
        JsonRequest fields = JsonRequest.parse(json, body);
        String name = fields.requiredString("name");
        CreatedApiKey created = createKey.create(
                new CreateServerApiKey.Command(admin, new ApiKeyName(name), fields.requestedExpiry()));
        return HttpResponse.status(HttpStatus.CREATED).body(new AdminApiResponses.CreatedKey(created.key().id().value(),
                created.secret().reveal(), created.key().name().value(), created.key().disabled(),
                created.key().ownerId().value(), Instants.isoOrNull(created.key().expiresAt())));
    }

    @Operation(operationId = "listServerApiKeys", summary = "The server API keys")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/api_keys")
    List<AdminApiResponses.Key> listKeys(HttpRequest<?> request, String app) {
        return listKeys.list(admin(request, app)).stream().map(AdminApiResponses.Key::of).toList();
    }

    @Operation(operationId = "getServerApiKey", summary = "One server API key")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/api_keys/{id}")
    AdminApiResponses.Key getKey(HttpRequest<?> request, String app, String id) {
        return AdminApiResponses.Key.of(getKey.get(serverKey(request, app, id)));
    }

    @Operation(operationId = "enableServerApiKey", summary = "Enable a server API key")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Enabled")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/api_keys/{id}/enable")
    HttpResponse<Void> enableKey(HttpRequest<?> request, String app, String id) {
        enableKey.enable(serverKey(request, app, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "disableServerApiKey", summary = "Disable a server API key; its sessions end")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Disabled")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/api_keys/{id}/disable")
    HttpResponse<Void> disableKey(HttpRequest<?> request, String app, String id) {
        disableKey.disable(serverKey(request, app, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "deleteServerApiKey", summary = "Delete a server API key and its server user")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Delete("/apps/{app}/api_keys/{id}")
    HttpResponse<Void> deleteKey(HttpRequest<?> request, String app, String id) {
        deleteKey.delete(serverKey(request, app, id));
        return HttpResponse.noContent();
    }

    // --- users and their keys ---------------------------------------------------------------------

    /** {@code ?q=} an email address or a user id. */
    @Operation(operationId = "lookUpUser", summary = "Find a user by id or email, with their keys")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/users{?q}")
    AdminApiResponses.UserDetails lookUpUser(HttpRequest<?> request, String app, @Nullable @QueryValue String q) {
        LookUpUser.UserWithKeys found = lookUpUser.lookUp(new LookUpUser.Query(admin(request, app), q));
        return AdminApiResponses.UserDetails.of(found.user(), found.keys(), found.disabled());
    }

    @Operation(operationId = "rollServerApiKey", summary = "A new value for a server key; the old one works for the grace period asked for")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/RollRequest")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/apps/{app}/api_keys/{id}/roll")
    AdminApiResponses.RolledKey rollKey(HttpRequest<?> request, String app, String id, @Nullable @Body byte[] body) {
        ServerApiKeyCommand key = serverKey(request, app, id);
        long grace = JsonRequest.graceSeconds(json, body);
        return AdminApiResponses.RolledKey.of(rollKey.roll(new RollServerApiKey.Command(key.admin(), key.keyId(), grace)));
    }

    @Operation(operationId = "endServerApiKeyGrace", summary = "End a rolled server key's grace period: its previous value stops working now")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Ended (also when the key was not in a grace period)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/apps/{app}/api_keys/{id}/end_grace")
    HttpResponse<Void> endKeyGrace(HttpRequest<?> request, String app, String id) {
        endGrace.endGrace(serverKey(request, app, id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "endUserKeyGraceAsAdmin", summary = "End a rolled user key's grace period: its previous value stops working now")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Ended (also when the key was not in a grace period)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/apps/{app}/users/{user}/api_keys/{id}/end_grace")
    HttpResponse<Void> endUserKeyGrace(HttpRequest<?> request, String app, String user, String id) {
        endUserKeyGrace.endGrace(userKey(request, app, user, id));
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
        disableUserKey.disable(userKey(request, app, user, id));
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
        deleteUserKey.delete(userKey(request, app, user, id));
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
        AdminCaller admin = admin(request, app);
        revokeSessions.revoke(new RevokeUserSessions.Command(admin, new UserId(user)));
        return HttpResponse.noContent();
    }

    // --- audit ------------------------------------------------------------------------------------

    @Operation(operationId = "auditTrail", summary = "The newest audit entries")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/audit{?limit}")
    List<AdminApiResponses.AuditEntry> audit(HttpRequest<?> request, String app, @Nullable @QueryValue String limit) {
        AdminCaller admin = admin(request, app);
        return auditTrail.latest(new ReadAuditTrail.Query(admin, parseLimit(limit))).stream()
                .map(AdminApiResponses.AuditEntry::of).toList();
    }

    // --- access-token signing keys (a Keyport extension; server-wide, so not under /apps/{app}) -------

    /** The published keys, oldest first: the one signing, any waiting to sign, and retired ones still published. */
    @Operation(operationId = "listSigningKeys", summary = "The access-token signing keys and their states")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/signing_keys")
    List<AdminApiResponses.SigningKey> signingKeys(HttpRequest<?> request) {
        authenticated(request);
        return accessTokenKeys.ring().published().stream().map(AdminApiResponses.SigningKey::of).toList();
    }

    /** A new key, published now and signing after the publish lead; the current one retires then. */
    @Operation(operationId = "rotateSigningKey", summary = "Add the next signing key (published now, signs after the publish lead)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "201", description = "The new key", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Post("/signing_keys/rotate")
    HttpResponse<AdminApiResponses.SigningKey> rotateSigningKey(HttpRequest<?> request) {
        AdminCaller admin = authenticated(request);
        return HttpResponse.status(HttpStatus.CREATED).body(AdminApiResponses.SigningKey.of(rotateKey.rotate(admin)));
    }

    /** An emergency: the key leaves the JWKS and its access tokens are refused at once; a new key signs if it was signing. */
    @Operation(operationId = "revokeSigningKey", summary = "Revoke an access-token signing key at once (emergency)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "200", description = "The key that signs now", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/signing_keys/{kid}/revoke")
    AdminApiResponses.SigningKey revokeSigningKey(HttpRequest<?> request, String kid) {
        AdminCaller admin = authenticated(request);
        return AdminApiResponses.SigningKey.of(rotateKey.revoke(admin, kid));
    }

    // --- refresh- and admin-token keys (ADR 0015; server-wide) -------------------------------------

    /** The HMAC keys of refresh and admin tokens, oldest first, without their secrets. */
    @Operation(operationId = "listTokenKeys", summary = "The refresh- and admin-token keys and their states")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/token_keys")
    List<AdminApiResponses.TokenKey> tokenKeys(HttpRequest<?> request) {
        authenticated(request);
        return tokenKeys.keys().stream().map(AdminApiResponses.TokenKey::of).toList();
    }

    /**
     * A new key. With overlap ({@code {"emergency": false}}, or no body) it signs after the key-reload
     * interval and the old key verifies its tokens until they expire; an emergency deletes every other key,
     * ending every refresh and admin token issued before (this admin's too).
     */
    @Operation(operationId = "rotateTokenKey", summary = "Rotate the refresh- and admin-token key (with overlap, or an emergency)")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/TokenKeyRotation")))
    @ApiResponse(responseCode = "201", description = "The new key", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Post("/token_keys/rotate")
    HttpResponse<AdminApiResponses.TokenKey> rotateTokenKey(HttpRequest<?> request, @Nullable @Body byte[] body) {
        AdminCaller admin = authenticated(request);
        boolean emergency = body != null && body.length > 0
                && JsonRequest.parse(json, body).optionalBoolean("emergency").orElse(false);
        return HttpResponse.status(HttpStatus.CREATED)
                .body(AdminApiResponses.TokenKey.of(rotateTokenKey.rotate(admin, emergency)));
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** The token is checked first, so an unauthenticated caller learns nothing, not even the app id. */
    private AdminCaller admin(HttpRequest<?> request, String app) {
        return callers.of(request, app);
    }

    /** A verified admin token whose session is still live. */
    private AdminCaller authenticated(HttpRequest<?> request) {
        return callers.authenticated(request);
    }

    private ServerApiKeyCommand serverKey(HttpRequest<?> request, String app, String id) {
        return new ServerApiKeyCommand(admin(request, app), new ApiKeyId(id));
    }

    private AdminUserApiKeyCommand userKey(HttpRequest<?> request, String app, String user, String id) {
        return new AdminUserApiKeyCommand(admin(request, app), new UserId(user), new ApiKeyId(id));
    }

    private static AuthProvider provider(String id) {
        return AuthProvider.byProtocolName(id).orElseThrow(RequestRejected::providerNotFound);
    }

    private static int parseLimit(String limit) {
        return AdminCallers.limit(limit, DEFAULT_AUDIT_LIMIT);
    }
}
