package dev.keyport.adapter.rest.openapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** The document's heading; micronaut-openapi reads the routes from the controllers at compile time. */
@OpenAPIDefinition(info = @Info(title = "Keyport", version = "0.1.0"))
final class ApiDescription {
    private ApiDescription() {}
}
