package dev.keyport.adapter.rest.admin.serverkeys;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminApiResponses;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.serverkeys.port.in.CreateServerApiKey;
import dev.keyport.application.serverkeys.port.in.DeleteServerApiKey;
import dev.keyport.application.serverkeys.port.in.DisableServerApiKey;
import dev.keyport.application.serverkeys.port.in.EnableServerApiKey;
import dev.keyport.application.serverkeys.port.in.EndServerApiKeyGrace;
import dev.keyport.application.serverkeys.port.in.GetServerApiKey;
import dev.keyport.application.serverkeys.port.in.ListServerApiKeys;
import dev.keyport.application.serverkeys.port.in.RollServerApiKey;
import dev.keyport.application.serverkeys.port.in.ServerApiKeyCommand;
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

/** Server API keys, each with its server user: create, list, read, switch, roll, end a roll's grace, delete. */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ServerKeysController {
    /** The use cases this controller calls. */
    public record Uses(
            CreateServerApiKey create,
            ListServerApiKeys list,
            GetServerApiKey get,
            EnableServerApiKey enable,
            DisableServerApiKey disable,
            DeleteServerApiKey delete,
            RollServerApiKey roll,
            EndServerApiKeyGrace endGrace) {}

    private final Uses uses;
    private final AdminCallers callers;

    ServerKeysController(Routes routes, AdminCallers callers) {
        this.uses = routes.serverKeys();
        this.callers = callers;
    }

    @Operation(
            operationId = "createServerApiKey",
            summary = "Create a server API key and its server user; the value is shown this once")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/KeyName")))
    @ApiResponse(responseCode = "201", description = "The new key with its value", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/apps/{app}/api_keys")
    HttpResponse<AdminApiResponses.CreatedKey> createKey(
            HttpRequest<?> request, String app, @Nullable @Body byte[] body) {
        AdminCaller admin = callers.of(request, app);
        JsonRequest fields = JsonRequest.parse(body);
        String name = fields.requiredString("name");
        return HttpResponse.status(HttpStatus.CREATED)
                .body(AdminApiResponses.CreatedKey.of(uses.create()
                        .create(new CreateServerApiKey.Command(
                                admin, new ApiKeyName(name), fields.requestedExpiry()))));
    }

    @Operation(operationId = "listServerApiKeys", summary = "The server API keys")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/api_keys")
    List<AdminApiResponses.Key> listKeys(HttpRequest<?> request, String app) {
        return uses.list().list(callers.of(request, app)).stream()
                .map(AdminApiResponses.Key::of)
                .toList();
    }

    @Operation(operationId = "getServerApiKey", summary = "One server API key")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/api_keys/{id}")
    AdminApiResponses.Key getKey(HttpRequest<?> request, String app, String id) {
        return AdminApiResponses.Key.of(uses.get().get(serverKey(request, app, id)));
    }

    @Operation(operationId = "enableServerApiKey", summary = "Enable a server API key")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Enabled")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/api_keys/{id}/enable")
    HttpResponse<Void> enableKey(HttpRequest<?> request, String app, String id) {
        uses.enable().enable(serverKey(request, app, id));
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
        uses.disable().disable(serverKey(request, app, id));
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
        uses.delete().delete(serverKey(request, app, id));
        return HttpResponse.noContent();
    }

    @Operation(
            operationId = "rollServerApiKey",
            summary = "A new value for a server key; the old one works for the grace period asked for")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/RollRequest")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/apps/{app}/api_keys/{id}/roll")
    AdminApiResponses.RolledKey rollKey(HttpRequest<?> request, String app, String id, @Nullable @Body byte[] body) {
        ServerApiKeyCommand key = serverKey(request, app, id);
        long grace = JsonRequest.graceSeconds(body);
        return AdminApiResponses.RolledKey.of(
                uses.roll().roll(new RollServerApiKey.Command(key.admin(), key.keyId(), grace)));
    }

    @Operation(
            operationId = "endServerApiKeyGrace",
            summary = "End a rolled server key's grace period: its previous value stops working now")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Ended (also when the key was not in a grace period)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/apps/{app}/api_keys/{id}/end_grace")
    HttpResponse<Void> endKeyGrace(HttpRequest<?> request, String app, String id) {
        uses.endGrace().endGrace(serverKey(request, app, id));
        return HttpResponse.noContent();
    }

    /** The admin token is checked first, then the app id, then the key id's format. */
    private ServerApiKeyCommand serverKey(HttpRequest<?> request, String app, String id) {
        return new ServerApiKeyCommand(callers.of(request, app), new ApiKeyId(id));
    }
}
