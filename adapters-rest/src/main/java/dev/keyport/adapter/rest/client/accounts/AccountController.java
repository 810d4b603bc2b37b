package dev.keyport.adapter.rest.client.accounts;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.client.ClientApiResponses;
import dev.keyport.adapter.rest.client.ClientApp;
import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.application.accounts.port.in.ConfirmRegistration;
import dev.keyport.application.accounts.port.in.RequestAccountMail;
import dev.keyport.application.accounts.port.in.ResetPassword;
import dev.keyport.application.accounts.port.in.RetryCustomConfirmation;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Password;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;

/**
 * Email confirmation and password reset of the {@code local-userpass} provider, as realm-web and realm-core call
 * them (issue 24, ADR 0022). No bearer: the token and tokenId, or the email, are the request. {@code confirm/send}
 * and {@code reset/send} answer the same for every address.
 */
@Tag(name = "client")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/client/v2.0/app/{app}/auth/providers/local-userpass")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class AccountController {
    /** The use cases this controller calls. */
    public record Uses(
            ConfirmRegistration confirm,
            RequestAccountMail mails,
            RetryCustomConfirmation retry,
            ResetPassword reset) {}

    private final ConfirmRegistration confirm;
    private final RequestAccountMail mails;
    private final RetryCustomConfirmation retry;
    private final ResetPassword reset;
    private final ClientApp app;
    private final JsonMapper json;

    AccountController(Routes routes, ClientApp app, JsonMapper json) {
        Uses uses = routes.accounts();
        this.confirm = uses.confirm();
        this.mails = uses.mails();
        this.retry = uses.retry();
        this.reset = uses.reset();
        this.app = app;
        this.json = json;
    }

    private void requireApp(String name) {
        app.require(name);
    }

    @Operation(
            operationId = "confirmUser",
            summary = "Confirm a pending registration with the token and tokenId of its mail")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/ConfirmationToken")))
    @ApiResponse(responseCode = "200", description = "Confirmed; the user logs in now", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/confirm")
    ClientApiResponses.Empty confirm(String app, @Nullable @Body byte[] body) {
        requireApp(app);
        JsonRequest request = JsonRequest.parse(body);
        confirm.confirm(
                new ConfirmRegistration.Command(request.requiredString("token"), request.requiredString("tokenId")));
        return new ClientApiResponses.Empty();
    }

    @Operation(
            operationId = "resendConfirmation",
            summary = "Mail the confirmation again (the same answer for every address)")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/EmailOnly")))
    @ApiResponse(
            responseCode = "200",
            description = "Queued if the address has a pending registration",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/confirm/send")
    ClientApiResponses.Empty resendConfirmation(String app, @Nullable @Body byte[] body) {
        requireApp(app);
        mails.requestConfirmation(new Email(JsonRequest.parse(body).requiredString("email")));
        return new ClientApiResponses.Empty();
    }

    @Operation(
            operationId = "retryCustomConfirmation",
            summary = "Run the custom confirmation of a pending registration again")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/EmailOnly")))
    @ApiResponse(
            responseCode = "200",
            description = "Confirmed, or pending on the callback",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/confirm/call")
    ClientApiResponses.Empty retryCustomConfirmation(String app, @Nullable @Body byte[] body) {
        requireApp(app);
        retry.retry(new Email(JsonRequest.parse(body).requiredString("email")));
        return new ClientApiResponses.Empty();
    }

    @Operation(operationId = "resetPassword", summary = "Set a new password with the token and tokenId of a reset mail")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/PasswordResetBody")))
    @ApiResponse(
            responseCode = "200",
            description = "Reset; every password session of the user ended",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/reset")
    ClientApiResponses.Empty reset(String app, @Nullable @Body byte[] body) {
        requireApp(app);
        JsonRequest request = JsonRequest.parse(body);
        String token = request.requiredString("token");
        String tokenId = request.requiredString("tokenId");
        reset.reset(new ResetPassword.WithToken(token, tokenId, Password.chosen(request.requiredString("password"))));
        return new ClientApiResponses.Empty();
    }

    @Operation(
            operationId = "sendPasswordReset",
            summary = "Mail a password reset link (the same answer for every address)")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/EmailOnly")))
    @ApiResponse(responseCode = "200", description = "Queued if the address has an account", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/reset/send")
    ClientApiResponses.Empty sendReset(String app, @Nullable @Body byte[] body) {
        requireApp(app);
        mails.requestReset(new Email(JsonRequest.parse(body).requiredString("email")));
        return new ClientApiResponses.Empty();
    }

    @Operation(operationId = "callResetFunction", summary = "Reset the password through the custom reset callback")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/ResetCallBody")))
    @ApiResponse(responseCode = "200", description = "Reset, or pending on the callback", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post("/reset/call")
    ClientApiResponses.Empty callResetFunction(String app, @Nullable @Body byte[] body) {
        requireApp(app);
        JsonRequest request = JsonRequest.parse(body);
        Email email = new Email(request.requiredString("email"));
        Password password = Password.chosen(request.requiredString("password"));
        reset.callResetFunction(new ResetPassword.WithFunction(email, password, arguments(body)));
        return new ClientApiResponses.Empty();
    }

    /** {@code arguments}, a JSON array (absent or null: none), written back as JSON for the callback. */
    private String arguments(byte[] body) {
        try {
            JsonNode arguments = json.readValue(body, JsonNode.class).get("arguments");
            if (arguments == null || arguments.isNull()) {
                return "[]";
            }
            if (!arguments.isArray()) {
                throw RequestRejected.invalidParameter("arguments", "must be an array");
            }
            return new String(json.writeValueAsBytes(arguments), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw RequestRejected.badRequest("the request body is not valid JSON");
        }
    }
}
