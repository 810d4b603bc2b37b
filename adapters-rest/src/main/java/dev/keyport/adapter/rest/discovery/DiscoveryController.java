package dev.keyport.adapter.rest.discovery;

import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.adapter.rest.token.PublicJwk;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resource server needs to check Keyport's access tokens by itself, found from the issuer URL
 * alone: the discovery document (OpenID Connect Discovery 1.0 / RFC 8414 field names) and the JWKS it
 * points to. Keyport is not an OpenID provider (no authorization endpoint, no ID tokens); the document
 * carries what token verifiers read.
 */
@Tag(name = "discovery")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/.well-known")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class DiscoveryController {
    /** The use cases this controller calls. */
    public record Uses(AccessTokenKeys keys) {}

    static final String JWKS_PATH = "/.well-known/jwks.json";
    static final String INTROSPECTION_PATH = "/api/client/v2.0/auth/introspect";
    /**
     * How long a resource server may cache the JWKS. Less than the publish lead (10 min by default), so a
     * cached set always holds the next key before it signs; verifiers refetch on an unknown {@code kid} anyway.
     */
    private static final int JWKS_MAX_AGE_SECONDS = 300;

    private final Issuer issuer;
    private final AccessTokenKeys keys;

    DiscoveryController(Routes routes, Issuer issuer) {
        this.issuer = issuer;
        this.keys = routes.discovery().keys();
    }

    @Operation(operationId = "discovery", summary = "Issuer metadata for resource servers (RFC 8414 subset)")
    @Get("/openid-configuration")
    Map<String, Object> configuration(HttpRequest<?> request) {
        String base = issuer.of(request);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", base);
        document.put("jwks_uri", base + JWKS_PATH);
        document.put("introspection_endpoint", base + INTROSPECTION_PATH);
        document.put("introspection_endpoint_auth_methods_supported", List.of("bearer"));
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(AccessTokenKeyRing.ALGORITHM));
        document.put("token_endpoint_auth_signing_alg_values_supported", List.of(AccessTokenKeyRing.ALGORITHM));
        document.put(
                "claims_supported",
                List.of(
                        "iss",
                        "sub",
                        "aud",
                        "exp",
                        "iat",
                        "typ",
                        "sid",
                        "baas_device_id",
                        "api_key_id",
                        "api_key_generation"));
        return document;
    }

    @Operation(operationId = "jwks", summary = "The public keys that verify access tokens (RFC 7517)")
    @Get("/jwks.json")
    HttpResponse<Map<String, Object>> jwks() {
        List<Map<String, Object>> published =
                keys.ring().published().stream().map(PublicJwk::of).toList();
        return HttpResponse.ok(Map.<String, Object>of("keys", published))
                .header("Cache-Control", "public, max-age=" + JWKS_MAX_AGE_SECONDS);
    }
}
