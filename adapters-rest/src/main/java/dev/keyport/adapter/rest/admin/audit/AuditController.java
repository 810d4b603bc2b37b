package dev.keyport.adapter.rest.admin.audit;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.admin.AdminApiResponses;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.audit.port.in.ReadAuditTrail;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The audit trail, newest first. */
@Tag(name = "admin")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/admin/v3.0")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class AuditController {
    private static final int DEFAULT_AUDIT_LIMIT = 100;

    /** The use cases this controller calls. */
    public record Uses(ReadAuditTrail read) {}

    private final Uses uses;
    private final AdminCallers callers;

    AuditController(Routes routes, AdminCallers callers) {
        this.uses = routes.audit();
        this.callers = callers;
    }

    @Operation(operationId = "auditTrail", summary = "The newest audit entries")
    @SecurityRequirement(name = "adminToken")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @Get("/apps/{app}/audit{?limit}")
    List<AdminApiResponses.AuditEntry> audit(HttpRequest<?> request, String app, @Nullable @QueryValue String limit) {
        AdminCaller admin = callers.of(request, app);
        return uses
                .read()
                .latest(new ReadAuditTrail.Query(admin, AdminCallers.limit(limit, DEFAULT_AUDIT_LIMIT)))
                .stream()
                .map(AdminApiResponses.AuditEntry::of)
                .toList();
    }
}
