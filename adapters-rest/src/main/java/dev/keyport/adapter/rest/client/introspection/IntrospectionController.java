package dev.keyport.adapter.rest.client.introspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyport.adapter.rest.Routes;
import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.json.ClientText;
import dev.keyport.adapter.rest.json.JsonRequest;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.BearerToken;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.application.introspection.port.in.IntrospectApiKey;
import dev.keyport.application.sessions.port.in.ThrottledLogin;
import dev.keyport.domain.user.UserType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
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
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /api/client/v2.0/auth/introspect}: RFC 7662 token introspection for API keys, a Keyport
 * extension. The caller (a backend) authenticates with a server API key as its bearer token and sends
 * the key it was handed as {@code token}, form-encoded as RFC 7662 has it (or as JSON). The answer is
 * {@code {"active": false}} for anything that could not log in now, and for an active key says whose it
 * is, with {@code exp} the time it stops being active if nothing changes (for the previous value of a rolled key,
 * the end of its grace period). A caller that is not an enabled server API key gets the same 401
 * {@code AuthError} as any refused key, counted by the login throttle against its address; an enabled one that
 * asks more often than {@code keyport.introspection-throttle} allows gets 429 {@code TooManyRequests} with
 * {@code Retry-After}.
 */
@Tag(name = "client")
@ApiResponse(responseCode = "503", ref = "#/components/responses/ServiceUnavailable")
@Controller("/api/client/v2.0/auth/introspect")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class IntrospectionController {
    /** The use cases this controller calls. */
    public record Uses(IntrospectApiKey introspect, ThrottledLogin throttle) {}

    private final IntrospectApiKey introspect;
    private final ThrottledLogin throttle;
    private final ThrottleKeys throttleKeys;
    private final Issuer issuer;

    IntrospectionController(Routes routes, ThrottleKeys throttleKeys, Issuer issuer) {
        this.introspect = routes.introspection().introspect();
        this.throttle = routes.introspection().throttle();
        this.throttleKeys = throttleKeys;
        this.issuer = issuer;
    }

    /** RFC 7662 §2.2's answer; the fields after {@code active} appear only for an active key. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Answer(
            boolean active,
            @JsonProperty("token_type") String tokenType,
            String sub,
            @JsonProperty("key_id") String keyId,
            String name,
            @JsonProperty("user_type") String userType,
            Long iat,
            Long exp,
            String iss) {
        static final Answer INACTIVE = new Answer(false, null, null, null, null, null, null, null, null);
    }

    @Operation(operationId = "introspectApiKey", summary = "RFC 7662 introspection of an API key, for services")
    @SecurityRequirement(name = "serverApiKey")
    @RequestBody(
            required = true,
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                        schema = @Schema(ref = "#/components/schemas/IntrospectionRequest")),
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(ref = "#/components/schemas/IntrospectionRequest"))
            })
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
    @Post
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    Answer introspect(HttpRequest<?> request, @Nullable @Body byte[] body) {
        String caller = BearerToken.from(request);
        String token = token(request, body);
        // a caller key that is refused counts as a failed key login from this address (the login throttle)
        IntrospectApiKey.Introspection result = throttle.attempt(
                throttleKeys.of(request, null),
                () -> introspect.introspect(new IntrospectApiKey.Command(caller, token)));
        return switch (result) {
            case IntrospectApiKey.Inactive inactive -> Answer.INACTIVE;
            case IntrospectApiKey.Active active ->
                new Answer(
                        true,
                        "api_key",
                        active.key().ownerId().value(),
                        active.key().id().value(),
                        active.key().name().value(),
                        active.ownerType() == UserType.SERVER ? "server" : "normal",
                        active.key().createdAt().getEpochSecond(),
                        active.activeUntil()
                                .map(java.time.Instant::getEpochSecond)
                                .orElse(null),
                        issuer.of(request));
        };
    }

    private String token(HttpRequest<?> request, byte[] body) {
        boolean form = request.getContentType()
                .map(type -> type.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE))
                .orElse(false);
        if (!form) {
            return JsonRequest.parse(body).requiredString("token");
        }
        Map<String, String> fields = new HashMap<>();
        String text = utf8(body == null ? new byte[0] : body);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = decode(equals < 0 ? "" : pair.substring(equals + 1));
            if (ClientText.problem(name) != null) {
                throw RequestRejected.invalidParameter("a field name", ClientText.problem(name));
            }
            if (ClientText.problem(value) != null) {
                throw RequestRejected.invalidParameter(name, ClientText.problem(value));
            }
            if (fields.put(name, value) != null) {
                throw RequestRejected.invalidParameter(name, "must be given once");
            }
        }
        String token = fields.get("token");
        if (token == null || token.isEmpty()) {
            throw RequestRejected.missingParameter("token");
        }
        return token;
    }

    private static String utf8(byte[] body) {
        String text = ClientText.strictUtf8(body);
        if (text == null) {
            throw RequestRejected.badRequest("the form is not UTF-8");
        }
        return text;
    }

    private static String decode(String part) {
        String decoded = ClientText.percentDecoded(part, true);
        if (decoded == null) {
            throw RequestRejected.badRequest("the form is not valid application/x-www-form-urlencoded UTF-8");
        }
        return decoded;
    }
}
