package dev.keyport.adapter.rest.client.userkeys;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.client.ClientApiResponses;
import dev.keyport.adapter.rest.client.ClientCallers;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.application.sessions.port.in.AuthenticateRefreshToken;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.application.userkeys.port.in.DeleteUserApiKey;
import dev.keyport.application.userkeys.port.in.DisableUserApiKey;
import dev.keyport.application.userkeys.port.in.EnableUserApiKey;
import dev.keyport.application.userkeys.port.in.EndUserApiKeyGrace;
import dev.keyport.application.userkeys.port.in.GetUserApiKey;
import dev.keyport.application.userkeys.port.in.ListUserApiKeys;
import dev.keyport.application.userkeys.port.in.RollUserApiKey;
import dev.keyport.application.userkeys.port.in.UserApiKeyCommand;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.id.ApiKeyId;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** A user's own API keys, with the refresh token of their session: create, list, read, switch, roll, end a roll's grace, delete. */
@Tag(name = "client")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/client/v2.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class UserKeysController {
    /** The use cases this controller calls. */
    public record Uses(
            AuthenticateRefreshToken authenticate,
            CreateUserApiKey create,
            ListUserApiKeys list,
            GetUserApiKey get,
            EnableUserApiKey enable,
            DisableUserApiKey disable,
            DeleteUserApiKey delete,
            RollUserApiKey roll,
            EndUserApiKeyGrace endGrace) {}

    private final Uses uses;
    private final ClientCallers callers;

    UserKeysController(Routes routes, SignedTokens tokens) {
        this.uses = routes.userKeys();
        this.callers = new ClientCallers(tokens, uses.authenticate());
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
        Caller caller = callers.of(request);
        JsonRequest fields = JsonRequest.parse(body);
        String name = fields.requiredString("name");
        return HttpResponse.status(HttpStatus.CREATED)
                .body(ClientApiResponses.CreatedKey.of(uses.create()
                        .create(new CreateUserApiKey.Command(caller, new ApiKeyName(name), fields.requestedExpiry()))));
    }

    @Operation(operationId = "listUserApiKeys", summary = "The user's API keys, without values")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/auth/api_keys")
    List<ClientApiResponses.Key> listKeys(HttpRequest<?> request) {
        return uses.list().list(callers.of(request)).stream()
                .map(ClientApiResponses.Key::of)
                .toList();
    }

    @Operation(operationId = "getUserApiKey", summary = "One of the user's API keys, without its value")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/auth/api_keys/{id}")
    ClientApiResponses.Key getKey(HttpRequest<?> request, String id) {
        return ClientApiResponses.Key.of(uses.get().get(keyCommand(request, id)));
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
        uses.enable().enable(keyCommand(request, id));
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
        uses.disable().disable(keyCommand(request, id));
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
        uses.delete().delete(keyCommand(request, id));
        return HttpResponse.noContent();
    }

    @Operation(
            operationId = "rollUserApiKey",
            summary = "A new value for one of the user's keys; the old one works for the grace period asked for")
    @SecurityRequirement(name = "refreshToken")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/RollRequest")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/auth/api_keys/{id}/roll")
    ClientApiResponses.RolledKey rollKey(HttpRequest<?> request, String id, @Nullable @Body byte[] body) {
        UserApiKeyCommand key = keyCommand(request, id);
        long grace = JsonRequest.graceSeconds(body);
        return ClientApiResponses.RolledKey.of(
                uses.roll().roll(new RollUserApiKey.Command(key.caller(), key.keyId(), grace)));
    }

    @Operation(
            operationId = "endUserApiKeyGrace",
            summary =
                    "End a rolled key's grace period: its previous value, and the sessions opened with it, stop working now")
    @SecurityRequirement(name = "refreshToken")
    @ApiResponse(responseCode = "204", description = "Ended (also when the key was not in a grace period)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/auth/api_keys/{id}/end_grace")
    HttpResponse<Void> endKeyGrace(HttpRequest<?> request, String id) {
        uses.endGrace().endGrace(keyCommand(request, id));
        return HttpResponse.noContent();
    }

    /** The session is checked first, so a bad token is a 401 whatever the id; then the id's format. */
    private UserApiKeyCommand keyCommand(HttpRequest<?> request, String id) {
        Caller caller = callers.of(request);
        return new UserApiKeyCommand(caller, new ApiKeyId(id));
    }
}
