package dev.keyport.adapter.rest.client.registration;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.client.ClientApiResponses;
import dev.keyport.adapter.rest.client.ClientApp;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.application.registration.port.in.RegisterUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Registration of an email/password user; logging in is the next call ({@code ClientSessionsController}). */
@Tag(name = "client")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/client/v2.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RegistrationController {
    /** The use cases this controller calls. */
    public record Uses(RegisterUser register) {}

    private final Uses uses;
    private final ClientApp app;

    RegistrationController(Routes routes, ClientApp app) {
        this.uses = routes.registration();
        this.app = app;
    }

    @Operation(operationId = "registerUser", summary = "Register an email/password user")
    @RequestBody(required = true, content = @Content(schema = @Schema(ref = "#/components/schemas/Registration")))
    @ApiResponse(responseCode = "201", description = "Registered; log in next", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @Post("/app/{app}/auth/providers/local-userpass/register")
    HttpResponse<ClientApiResponses.Empty> register(String app, @Nullable @Body byte[] body) {
        this.app.require(app);
        JsonRequest request = JsonRequest.parse(body);
        uses.register()
                .register(
                        new RegisterUser.Command(request.requiredString("email"), request.requiredString("password")));
        return HttpResponse.status(HttpStatus.CREATED).body(new ClientApiResponses.Empty());
    }
}
