package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.ProtocolClient.Answer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document served at {@code /swagger/keyport.yml} is generated from the controllers at compile
 * time; this test keeps it whole. It fails when a route Keyport serves is missing from the document (or the
 * document names one that does not exist), and when a route answers an error status, or a success status,
 * that its operation does not document. The answers come from probing every route over HTTP with each kind
 * of caller and each kind of bad input, so a new route or a new refusal is covered without editing a list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiCompletenessTest {
    private static final String ADMIN = "/api/admin/v3.0";
    private static final String UNKNOWN_ID = "0123456789abcdef01234567";
    private KeyportTestServer server;
    private ProtocolClient client;
    private OpenAPI document;
    private String rawDocument;

    @BeforeAll
    void start() {
        server = KeyportTestServer.start(
                Map.of("keyport.admin.username", "root", "keyport.admin.password", "admin-secret"));
        client = server.client();
        Answer served = client.get("/swagger/keyport.yml", null);
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        rawDocument = served.body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(rawDocument, null, options);
        assertThat(parsed.getMessages()).as("the OpenAPI parser's complaints").isEmpty();
        document = parsed.getOpenAPI();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /**
     * "GET /api/..." for every route of Keyport's controllers, with query templates ({@code {?q}}) dropped.
     * The router's HEAD twin of each GET is HTTP's, not an operation of its own.
     */
    private Set<String> servedRoutes() {
        return server.context()
                .getBean(Router.class)
                .uriRoutes()
                .filter(route ->
                        route.getTargetMethod().getDeclaringType().getName().startsWith("dev.keyport."))
                .filter(route -> !"HEAD".equals(route.getHttpMethodName()))
                .map(route -> route.getHttpMethodName() + " " + pathOf(route))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String pathOf(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toString().replaceAll("\\{\\?[^}]*}", "");
    }

    private Map<String, Operation> documentedOperations() {
        Map<String, Operation> operations = new TreeMap<>();
        document.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((method, operation) -> operations.put(method.name() + " " + path, operation)));
        return operations;
    }

    @Test
    void every_route_is_documented_and_every_documented_route_exists() {
        Set<String> served = servedRoutes();
        assertThat(served).as("routes found by the router").hasSizeGreaterThan(25);
        assertThat(documentedOperations().keySet()).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void operations_have_unique_ids_a_summary_and_errors_in_the_protocol_format() {
        List<String> ids = new ArrayList<>();
        documentedOperations().forEach((route, operation) -> {
            assertThat(operation.getOperationId()).as(route).isNotBlank();
            assertThat(operation.getSummary()).as(route).isNotBlank();
            ids.add(operation.getOperationId());
            operation.getResponses().forEach((status, stated) -> {
                if (!status.startsWith("2")) {
                    ApiResponse response = stated.get$ref() == null
                            ? stated
                            : document.getComponents()
                                    .getResponses()
                                    .get(stated.get$ref().substring("#/components/responses/".length()));
                    assertThat(response.getContent()).as(route + " " + status).isNotNull();
                    assertThat(response.getContent()
                                    .get("application/json")
                                    .getSchema()
                                    .get$ref())
                            .as(route + " " + status)
                            .isEqualTo("#/components/schemas/ProtocolError");
                }
            });
        });
        assertThat(ids).doesNotHaveDuplicates();
    }

    /** The callers a probe can present; each route is tried with all of them. */
    private record Callers(Map<String, String> bearers) {}

    private Callers freshCallers(String serverKey) {
        ProtocolClient.Login user = client.registerAndLogIn("openapi-" + System.nanoTime() + "@example.org");
        ProtocolClient.Login anonymous = client.logIn("anon-user", "{}");
        String admin = client.adminToken();
        Map<String, String> bearers = new TreeMap<>();
        bearers.put("none", null);
        bearers.put("garbage", "not.a.token");
        bearers.put("access", user.accessToken());
        bearers.put("refresh", user.refreshToken());
        bearers.put("anonymous-access", anonymous.accessToken());
        bearers.put("anonymous-refresh", anonymous.refreshToken());
        bearers.put("admin", admin);
        bearers.put("server-key", serverKey);
        return new Callers(bearers);
    }

    @Test
    void every_status_a_route_answers_is_documented_for_it() {
        String admin = client.adminToken();
        String serverKey = client.post(ADMIN + "/apps/keyport/api_keys", admin, "{\"name\":\"openapi-probe\"}")
                .text("key");
        Map<String, Operation> documented = documentedOperations();
        List<String> undocumented = new ArrayList<>();
        Map<String, Set<String>> seen = new TreeMap<>();
        for (String route : servedRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            Set<String> documentedStatuses =
                    documented.get(route).getResponses().keySet();
            // fresh callers per route: a probe may end a session (log out) or change what the next one sees
            Callers callers = freshCallers(serverKey);
            for (String path : pathsFor(template)) {
                for (Map.Entry<String, String> caller : callers.bearers().entrySet()) {
                    for (String body : bodiesFor(method)) {
                        Answer answer = client.send(method, path, caller.getValue(), body);
                        String status = String.valueOf(answer.status());
                        seen.computeIfAbsent(route, r -> new TreeSet<>()).add(status);
                        if (!documentedStatuses.contains(status)) {
                            undocumented.add(route + " answered " + status + " (caller " + caller.getKey() + ", path "
                                    + path + ", body " + body + "): " + answer.body());
                        }
                        if (answer.status() >= 400) {
                            assertThat(answer.errorCode())
                                    .as(route + " " + answer)
                                    .isNotBlank();
                        }
                    }
                }
            }
        }
        assertThat(undocumented)
                .as("statuses the routes answered that keyport.yml does not document")
                .isEmpty();
        // the probes reach past authentication: most routes answered something besides 401
        assertThat(seen.values().stream()
                        .filter(statuses -> statuses.size() > 1)
                        .count())
                .as("routes that answered more than one status: " + seen)
                .isGreaterThan(20);
    }

    /** The route with its variables filled: known-shaped unknown ids, malformed ids, another app. */
    private static List<String> pathsFor(String template) {
        List<String> paths = new ArrayList<>();
        paths.add(fill(template, "keyport", UNKNOWN_ID));
        if (template.contains("{id}") || template.contains("{user}")) {
            paths.add(fill(template, "keyport", "not-an-id"));
        }
        if (template.contains("{app}")) {
            paths.add(fill(template, "some-other-app", UNKNOWN_ID));
        }
        return paths;
    }

    private static String fill(String template, String app, String id) {
        return template.replace("{app}", app)
                .replace("{provider}", "api-key")
                .replace("{id}", id)
                .replace("{user}", id)
                .replace("{kid}", id)
                .replace("{email}", "nobody@example.org");
    }

    /** A body every route reads past: each field any route asks for, with a well-formed value. */
    private static String plausibleBody() {
        String unique = "probe-" + System.nanoTime();
        return "{\"name\":\"" + unique + "\",\"email\":\"" + unique + "@example.org\",\"username\":\"" + unique
                + "@example.org\",\"password\":\"correct horse battery\",\"key\":\"" + unique + "\",\"token\":\""
                + unique + "\",\"current_password\":\"not the password\",\"new_password\":\"another long password\"}";
    }

    private static List<String> bodiesFor(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "POST", "PUT" -> java.util.Arrays.asList(null, "{", "{}", "[]", "{\"name\":\"\"}", plausibleBody());
            default -> java.util.Collections.singletonList(null);
        };
    }

    @Test
    void the_document_is_served_as_yaml_and_names_its_security_schemes() {
        assertThat(rawDocument).startsWith("openapi: 3.");
        assertThat(document.getComponents().getSecuritySchemes())
                .containsKeys("accessToken", "refreshToken", "adminToken", "serverApiKey");
        PathItem keys = document.getPaths().get("/api/client/v2.0/auth/api_keys");
        assertThat(keys.getPost().getSecurity()).isNotEmpty();
        assertThat(keys.getPost()
                        .getRequestBody()
                        .getContent()
                        .get("application/json")
                        .getSchema()
                        .get$ref())
                .isEqualTo("#/components/schemas/KeyName");
        assertThat(document.getComponents().getSchemas().get("KeyName").getRequired())
                .containsExactly("name");
    }
}
