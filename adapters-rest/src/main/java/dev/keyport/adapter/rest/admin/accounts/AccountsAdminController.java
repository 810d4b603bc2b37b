package dev.keyport.adapter.rest.admin.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminApiResponses;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.application.accounts.port.in.ConfigureUserpass;
import dev.keyport.application.accounts.port.in.ManageRegistrations;
import dev.keyport.application.accounts.port.in.ReadOutgoingMails;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.user.Email;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The admin's side of confirmation and reset (issue 24, ADR 0022): App Services' {@code user_registrations} routes,
 * the local-userpass provider's settings, and the outbox of mails not sent yet, which holds live tokens (admin only).
 */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0/apps/{app}")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class AccountsAdminController {
    /** The use cases this controller calls. */
    public record Uses(ManageRegistrations registrations, ConfigureUserpass configure, ReadOutgoingMails outgoing) {}

    private static final int DEFAULT_LIMIT = 100;
    private final ManageRegistrations registrations;
    private final ConfigureUserpass configure;
    private final ReadOutgoingMails outgoing;
    private final AdminCallers callers;
    private final JsonMapper json;

    AccountsAdminController(Routes routes, AdminCallers callers, JsonMapper json) {
        Uses uses = routes.accountsAdmin();
        this.registrations = uses.registrations();
        this.configure = uses.configure();
        this.outgoing = uses.outgoing();
        this.callers = callers;
        this.json = json;
    }

    /** A mail not sent yet; {@code body} carries the live link. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OutgoingMail(
            @JsonProperty("_id") String id,
            String to,
            String subject,
            String body,
            @JsonProperty("created_at") String createdAt,
            int attempts,
            @JsonProperty("last_error") String lastError) {
        static OutgoingMail of(ReadOutgoingMails.OutgoingMail mail) {
            return new OutgoingMail(
                    mail.id(),
                    mail.recipient(),
                    mail.subject(),
                    mail.body(),
                    mail.createdAt().toString(),
                    mail.attempts(),
                    mail.lastError().orElse(null));
        }
    }

    @Operation(
            operationId = "confirmRegistration",
            summary = "Confirm a pending registration (App Services' user_registrations)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Confirmed")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/user_registrations/by_email/{email}/confirm")
    HttpResponse<Void> confirm(HttpRequest<?> request, String app, String email) {
        AdminCaller admin = callers.of(request, app);
        registrations.confirm(new ManageRegistrations.Command(admin, new Email(email)));
        return HttpResponse.noContent();
    }

    @Operation(
            operationId = "sendRegistrationConfirmation",
            summary = "Mail a pending registration's confirmation again, with a new token")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Queued in the outbox")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/user_registrations/by_email/{email}/send_confirm")
    HttpResponse<Void> sendConfirm(HttpRequest<?> request, String app, String email) {
        AdminCaller admin = callers.of(request, app);
        registrations.sendConfirmation(new ManageRegistrations.Command(admin, new Email(email)));
        return HttpResponse.noContent();
    }

    @Operation(
            operationId = "setUserpassSettings",
            summary = "Set the local-userpass provider's confirmation and reset settings")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/UserpassSettings")))
    @ApiResponse(responseCode = "200", description = "The provider with its settings", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/auth_providers/local-userpass/config")
    AdminApiResponses.Provider setUserpassSettings(HttpRequest<?> request, String app, @Nullable @Body byte[] body) {
        AdminCaller admin = callers.of(request, app);
        JsonRequest.parse(body); // one well-formed JSON object, or a 400
        Map<String, Object> settings;
        try {
            settings = json.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            throw RequestRejected.badRequest("the request body must be a JSON object");
        }
        return AdminApiResponses.Provider.of(configure.configure(new ConfigureUserpass.Command(admin, settings)));
    }

    @Operation(
            operationId = "listOutgoingMails",
            summary = "The mails not sent yet, with their live links (admin only)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "200", description = "Oldest first", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/outgoing_mails{?limit}")
    List<OutgoingMail> outgoingMails(HttpRequest<?> request, String app, @Nullable @QueryValue String limit) {
        AdminCaller admin = callers.of(request, app);
        return outgoing.pending(admin, AdminCallers.limit(limit, DEFAULT_LIMIT)).stream()
                .map(OutgoingMail::of)
                .toList();
    }
}
