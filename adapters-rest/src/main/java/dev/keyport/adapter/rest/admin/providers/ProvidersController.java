package dev.keyport.adapter.rest.admin.providers;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminApiResponses;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.providers.port.in.ConfigureAuthProvider;
import dev.keyport.application.providers.port.in.LimitKeyLifetimes;
import dev.keyport.application.providers.port.in.ListAuthProviders;
import dev.keyport.application.providers.port.in.SwitchAuthProvider;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.domain.provider.ProviderDocument;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The app's authentication providers (list, switch, export as app-directory files) and the limits on key lifetimes. */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ProvidersController {
    /** The use cases this controller calls. */
    public record Uses(
            ListAuthProviders list,
            SwitchAuthProvider switchProvider,
            LimitKeyLifetimes limitLifetimes,
            ConfigureAuthProvider configure) {}

    private final Uses uses;
    private final AdminCallers callers;
    private final JsonMapper json;

    ProvidersController(Routes routes, AdminCallers callers, JsonMapper json) {
        this.uses = routes.providers();
        this.callers = callers;
        this.json = json;
    }

    @Operation(operationId = "listProviders", summary = "The app's authentication providers")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/auth_providers")
    List<AdminApiResponses.Provider> providers(HttpRequest<?> request, String app) {
        callers.of(request, app);
        return uses.list().list().stream().map(AdminApiResponses.Provider::of).toList();
    }

    @Operation(operationId = "enableProvider", summary = "Switch a provider on")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Enabled")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/auth_providers/{id}/enable")
    HttpResponse<Void> enableProvider(HttpRequest<?> request, String app, String id) {
        uses.switchProvider()
                .switchProvider(new SwitchAuthProvider.Command(callers.of(request, app), provider(id), true));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "disableProvider", summary = "Switch a provider off")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "204", description = "Disabled")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/auth_providers/{id}/disable")
    HttpResponse<Void> disableProvider(HttpRequest<?> request, String app, String id) {
        uses.switchProvider()
                .switchProvider(new SwitchAuthProvider.Command(callers.of(request, app), provider(id), false));
        return HttpResponse.noContent();
    }

    /**
     * Replaces a provider's whole document, as App Services' admin API does ({@code name}, {@code type},
     * {@code disabled}, {@code config}, {@code secret_config}, {@code metadata_fields}); a Keyport extension,
     * {@code secrets}, gives the values of the secrets {@code secret_config} names (HS256 signing keys), which are
     * stored sealed and never shown again.
     */
    @Operation(
            operationId = "configureProvider",
            summary = "Replace a provider's configuration (custom-token: signing, audience, metadata fields)")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/ProviderDocument")))
    @ApiResponse(responseCode = "200", description = "The provider as stored", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/auth_providers/{id}")
    AdminApiResponses.Provider configureProvider(
            HttpRequest<?> request, String app, String id, @Nullable @Body byte[] body) {
        AdminCaller admin = callers.of(request, app);
        AuthProvider provider = provider(id);
        Map<String, Object> document =
                new LinkedHashMap<>(JsonRequest.parse(body).asMap(json));
        Object secrets = document.remove("secrets");
        Map<String, String> secretValues = new LinkedHashMap<>();
        if (secrets instanceof Map<?, ?> given) {
            for (Map.Entry<?, ?> secret : given.entrySet()) {
                if (!(secret.getValue() instanceof String value)) {
                    throw RequestRejected.invalidParameter("secrets", "values must be strings");
                }
                secretValues.put(String.valueOf(secret.getKey()), value);
            }
        } else if (secrets != null) {
            throw RequestRejected.invalidParameter("secrets", "must be an object from secret name to value");
        }
        document.putIfAbsent("name", provider.protocolName());
        document.putIfAbsent("type", provider.protocolName());
        ProviderSetting setting = ProviderDocument.read(document);
        if (setting.provider() != provider) {
            throw RequestRejected.invalidParameter("type", "does not match the provider in the path");
        }
        return AdminApiResponses.Provider.of(
                uses.configure().configure(new ConfigureAuthProvider.Command(admin, setting, secretValues)));
    }

    /** The provider configuration as app-directory files: path -> document. */
    @Operation(operationId = "exportProviders", summary = "The providers as App Services app-directory files")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/export")
    Map<String, Map<String, Object>> export(HttpRequest<?> request, String app) {
        callers.of(request, app);
        return AdminApiResponses.export(uses.list().list());
    }

    @Operation(
            operationId = "getKeyLifetimes",
            summary = "The longest lifetime allowed for new user and server API keys (null: no limit)")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/api_key_lifetimes")
    AdminApiResponses.KeyLifetimes keyLifetimes(HttpRequest<?> request, String app) {
        callers.of(request, app);
        return AdminApiResponses.KeyLifetimes.of(uses.list().list().stream()
                .filter(setting -> setting.provider() == AuthProvider.API_KEY)
                .findFirst()
                .map(ProviderSetting::keyLifetimes)
                .orElseGet(KeyLifetimes::unlimited));
    }

    @Operation(
            operationId = "setKeyLifetimes",
            summary = "Limit the lifetime of new user and server API keys; existing keys keep theirs")
    @SecurityRequirement(name = "adminToken")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/KeyLifetimeLimits")))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Put("/apps/{app}/api_key_lifetimes")
    AdminApiResponses.KeyLifetimes setKeyLifetimes(HttpRequest<?> request, String app, @Nullable @Body byte[] body) {
        AdminCaller admin = callers.of(request, app);
        JsonRequest fields = JsonRequest.parse(body);
        KeyLifetimes lifetimes = new KeyLifetimes(
                fields.optionalWholeNumber("user_key_max_lifetime_days"),
                fields.optionalWholeNumber("server_key_max_lifetime_days"),
                fields.optionalWholeNumber("max_roll_grace_hours"));
        return AdminApiResponses.KeyLifetimes.of(uses.limitLifetimes()
                .limit(new LimitKeyLifetimes.Command(admin, lifetimes))
                .keyLifetimes());
    }

    private static AuthProvider provider(String id) {
        return AuthProvider.byProtocolName(id).orElseThrow(RequestRejected::providerNotFound);
    }
}
