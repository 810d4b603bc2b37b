package dev.keyport.adapter.rest.admin.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.json.Instants;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.webhooks.port.in.ManageWebhooks;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookEndpoint;
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
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** Keyport extension: the admin's webhook endpoints and the deliveries made to them, with their attempts. */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0/apps/{app}/webhooks")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class WebhooksController {
    /** The use cases this controller calls. */
    public record Uses(ManageWebhooks webhooks) {}

    private final ManageWebhooks webhooks;
    private final AdminCallers callers;

    WebhooksController(Routes routes, AdminCallers callers) {
        this.webhooks = routes.webhooks().webhooks();
        this.callers = callers;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Endpoint(
            @JsonProperty("_id") String id,
            String url,
            @JsonProperty("created_at") String createdAt) {
        static Endpoint of(WebhookEndpoint endpoint) {
            return new Endpoint(
                    endpoint.id(), endpoint.url(), endpoint.createdAt().toString());
        }
    }

    /** A new endpoint: the only answer that carries its signing secret. */
    @Serdeable
    record CreatedEndpoint(
            @JsonProperty("_id") String id,
            String url,
            @JsonProperty("created_at") String createdAt,
            String secret) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Delivery(
            @JsonProperty("_id") String id,
            @JsonProperty("endpoint_id") String endpointId,
            @JsonProperty("event_type") String eventType,
            String state,
            int attempts,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("next_attempt_at") String nextAttemptAt,
            @JsonProperty("delivered_at") String deliveredAt,
            @JsonProperty("last_status") Integer lastStatus,
            @JsonProperty("last_error") String lastError,
            String payload) {
        static Delivery of(WebhookDelivery d) {
            return new Delivery(
                    d.id(),
                    d.endpointId(),
                    d.eventType(),
                    d.state().name().toLowerCase(java.util.Locale.ROOT),
                    d.attempts(),
                    d.createdAt().toString(),
                    Instants.isoOrNull(d.nextAttemptAt()),
                    Instants.isoOrNull(d.deliveredAt()),
                    d.lastStatus().orElse(null),
                    d.lastError().orElse(null),
                    d.payload());
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Attempt(int attempt, String at, Integer status, String error) {
        static Attempt of(dev.keyport.domain.webhook.WebhookAttempt attempt) {
            return new Attempt(
                    attempt.number(),
                    attempt.at().toString(),
                    attempt.status().orElse(null),
                    attempt.error().orElse(null));
        }
    }

    private AdminCaller admin(HttpRequest<?> request, String app) {
        return callers.of(request, app);
    }

    @Operation(
            operationId = "addWebhook",
            summary = "Register a URL for key events; the answer carries its signing secret, once")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/WebhookRequest")))
    @ApiResponse(responseCode = "201", description = "Registered", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Post
    HttpResponse<CreatedEndpoint> add(HttpRequest<?> request, String app, @Nullable @Body byte[] body) {
        AdminCaller admin = admin(request, app);
        ManageWebhooks.Created created =
                webhooks.add(admin, JsonRequest.parse(body).requiredString("url"));
        return HttpResponse.status(HttpStatus.CREATED)
                .body(new CreatedEndpoint(
                        created.endpoint().id(),
                        created.endpoint().url(),
                        created.endpoint().createdAt().toString(),
                        created.secret()));
    }

    @Operation(operationId = "listWebhooks", summary = "The webhook endpoints, without their secrets")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get
    List<Endpoint> list(HttpRequest<?> request, String app) {
        return webhooks.endpoints(admin(request, app)).stream()
                .map(Endpoint::of)
                .toList();
    }

    @Operation(operationId = "removeWebhook", summary = "Remove an endpoint and its deliveries")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Delete("/{id}")
    HttpResponse<Void> remove(HttpRequest<?> request, String app, String id) {
        webhooks.remove(admin(request, app), id);
        return HttpResponse.noContent();
    }

    @Operation(operationId = "listWebhookAttempts", summary = "Every attempt at one delivery, with its answer")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/deliveries/{id}/attempts")
    List<Attempt> attempts(HttpRequest<?> request, String app, String id) {
        return webhooks.attempts(admin(request, app), id).stream()
                .map(Attempt::of)
                .toList();
    }

    @Operation(operationId = "listWebhookDeliveries", summary = "The newest deliveries with their state and attempts")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/deliveries{?limit}")
    List<Delivery> deliveries(HttpRequest<?> request, String app, @Nullable @QueryValue String limit) {
        AdminCaller admin = admin(request, app);
        return webhooks.deliveries(admin, AdminCallers.limit(limit, ManageWebhooks.DEFAULT_LIMIT)).stream()
                .map(Delivery::of)
                .toList();
    }
}
