package dev.keyport.adapter.rest.admin.signingkeys;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminApiResponses;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import dev.keyport.application.signingkeys.port.in.RotateAccessTokenKey;
import dev.keyport.application.signingkeys.port.in.RotateTokenKey;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
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

/**
 * Keyport extensions, server-wide (so not under {@code /apps/{app}}): the ES256 keys that sign access
 * tokens (list, rotate, revoke in an emergency) and the HMAC keys of refresh and admin tokens (ADR 0015).
 */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class SigningKeysController {
    /** The use cases this controller calls. */
    public record Uses(
            AccessTokenKeys accessTokenKeys,
            RotateAccessTokenKey rotateAccessTokenKey,
            TokenKeys tokenKeys,
            RotateTokenKey rotateTokenKey) {}

    private final Uses uses;
    private final AdminCallers callers;

    SigningKeysController(Routes routes, AdminCallers callers) {
        this.uses = routes.signingKeys();
        this.callers = callers;
    }

    /** The published keys, oldest first: the one signing, any waiting to sign, and retired ones still published. */
    @Operation(operationId = "listSigningKeys", summary = "The access-token signing keys and their states")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/signing_keys")
    List<AdminApiResponses.SigningKey> signingKeys(HttpRequest<?> request) {
        callers.authenticated(request);
        return uses.accessTokenKeys().ring().published().stream()
                .map(AdminApiResponses.SigningKey::of)
                .toList();
    }

    /** A new key, published now and signing after the publish lead; the current one retires then. */
    @Operation(
            operationId = "rotateSigningKey",
            summary = "Add the next signing key (published now, signs after the publish lead)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "201", description = "The new key", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Post("/signing_keys/rotate")
    HttpResponse<AdminApiResponses.SigningKey> rotateSigningKey(HttpRequest<?> request) {
        AdminCaller admin = callers.authenticated(request);
        return HttpResponse.status(HttpStatus.CREATED)
                .body(AdminApiResponses.SigningKey.of(
                        uses.rotateAccessTokenKey().rotate(admin)));
    }

    /** An emergency: the key leaves the JWKS and its access tokens are refused at once; a new key signs if it was signing. */
    @Operation(operationId = "revokeSigningKey", summary = "Revoke an access-token signing key at once (emergency)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "200", description = "The key that signs now", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/signing_keys/{kid}/revoke")
    AdminApiResponses.SigningKey revokeSigningKey(HttpRequest<?> request, String kid) {
        AdminCaller admin = callers.authenticated(request);
        return AdminApiResponses.SigningKey.of(uses.rotateAccessTokenKey().revoke(admin, kid));
    }

    /** The HMAC keys of refresh and admin tokens, oldest first, without their secrets. */
    @Operation(operationId = "listTokenKeys", summary = "The refresh- and admin-token keys and their states")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Get("/token_keys")
    List<AdminApiResponses.TokenKey> tokenKeys(HttpRequest<?> request) {
        callers.authenticated(request);
        return uses.tokenKeys().keys().stream()
                .map(AdminApiResponses.TokenKey::of)
                .toList();
    }

    /**
     * A new key. With overlap ({@code {"emergency": false}}, or no body) it signs after the key-reload
     * interval and the old key verifies its tokens until they expire; an emergency deletes every other key,
     * ending every refresh and admin token issued before (this admin's too).
     */
    @Operation(
            operationId = "rotateTokenKey",
            summary = "Rotate the refresh- and admin-token key (with overlap, or an emergency)")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/TokenKeyRotation")))
    @ApiResponse(responseCode = "201", description = "The new key", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @Post("/token_keys/rotate")
    HttpResponse<AdminApiResponses.TokenKey> rotateTokenKey(HttpRequest<?> request, @Nullable @Body byte[] body) {
        AdminCaller admin = callers.authenticated(request);
        boolean emergency = body != null
                && body.length > 0
                && JsonRequest.parse(body).optionalBoolean("emergency").orElse(false);
        return HttpResponse.status(HttpStatus.CREATED)
                .body(AdminApiResponses.TokenKey.of(uses.rotateTokenKey().rotate(admin, emergency)));
    }
}
