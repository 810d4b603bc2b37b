package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.bootstrap.RealmCoreClient.Key;
import dev.keyport.bootstrap.RealmCoreClient.Refused;
import dev.keyport.bootstrap.RealmCoreClient.User;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.realm.kotlin.internal.interop.ErrorCode;
import io.realm.kotlin.internal.interop.sync.AuthProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code custom-token} provider against a real identity provider (issue 28): Keycloak 26.7.3 (the
 * {@code keycloak-quarkus-dist} zip from Maven Central, unpacked by the {@code keycloak} Maven profile, on its dev-file
 * database), a realm, a client whose tokens carry the app as audience, and a user, made through Keycloak's admin REST
 * API. Keycloak signs RS256 access tokens; Keyport reads its keys from the realm's JWK URI, configured by an App
 * Services app directory ({@code auth_providers/custom-token.json}). realm-core ({@code Credentials.jwt}) and
 * realm-web (custom-token.test.mjs) log in with them, create an API key and log in with it; then Keycloak rotates
 * its key (a new RSA key provider with a higher priority, the old one disabled) and a token signed with the new key
 * logs the same user in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomTokenKeycloakIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String REALM = "keyport";
    private static final String CLIENT = "keyport-app";
    private static final String USER = "ann";
    private static final String PASSWORD = "ann-keycloak-password";

    private Process keycloak;
    private String keycloakUrl;
    private KeyportProcess server;
    private RealmCoreClient device;
    private String userId;
    private String firstKid;

    @BeforeAll
    void start() throws Exception {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3"));
        assertThat(home.resolve("bin/kc.sh"))
                .as("Keycloak unpacked by the keycloak profile")
                .exists();
        deleteTree(home.resolve("data")); // a fresh dev-file database each run
        int port = KeyportProcess.freePort();
        keycloakUrl = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--http-port=" + port,
                        "--http-host=127.0.0.1",
                        "--http-management-port=" + KeyportProcess.freePort())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(
                        Path.of("target/keycloak-it.log").toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-password");
        builder.environment()
                .put(
                        "JAVA_HOME",
                        Path.of(ProcessHandle.current().info().command().orElseThrow())
                                .getParent()
                                .getParent()
                                .toString());
        keycloak = builder.start();
        awaitKeycloak();
        createRealm();

        Path appDir = Files.createTempDirectory("keyport-app-dir-");
        Files.createDirectories(appDir.resolve("auth_providers"));
        Files.writeString(appDir.resolve("auth_providers/custom-token.json"), appDirectoryFile());
        server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-keycloak-"),
                        KeyportProcess.freePort(),
                        "keyport-keycloak-it.log",
                        Map.of(
                                "KEYPORT_APP_DIR",
                                appDir.toString(),
                                "KEYPORT_CUSTOM_TOKEN_JWKS_ALLOWED_NETWORKS",
                                "127.0.0.0/8",
                                "KEYPORT_CUSTOM_TOKEN_JWKS_MIN_REFETCH_INTERVAL",
                                "1s"))
                .awaitHealthy();
        device = new RealmCoreClient(server.baseUrl(), "keyport", Files.createTempDirectory("realm-core-keycloak-"));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (keycloak != null) {
            keycloak.destroy();
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.destroyForcibly();
            }
        }
    }

    /** The app directory file used, as App Services exports it (the closing note of issue 28 shows it). */
    String appDirectoryFile() {
        return """
                {
                  "name": "custom-token",
                  "type": "custom-token",
                  "disabled": false,
                  "config": {
                    "audience": ["%s"],
                    "requireAnyAudience": true,
                    "signingAlgorithm": "RS256",
                    "useJWKURI": true,
                    "jwkURI": "%s/realms/%s/protocol/openid-connect/certs"
                  },
                  "metadata_fields": [
                    {"required": true, "name": "email", "field_name": "email"},
                    {"required": false, "name": "name", "field_name": "name"},
                    {"required": false, "name": "preferred_username", "field_name": "username"}
                  ]
                }
                """.formatted(CLIENT, keycloakUrl, REALM);
    }

    @Test
    @Order(1)
    void realm_core_logs_in_with_a_keycloak_token_creates_a_key_and_logs_in_with_it() throws Exception {
        String token = keycloakToken();
        firstKid = kid(token);
        assertThat(header(token)).contains("\"RS256\"");

        User user = device.logInWithJwt(token);
        userId = user.id();
        assertThat(user.loggedIn()).isTrue();
        assertThat(user.identityProviders()).containsExactly(AuthProvider.RLM_AUTH_PROVIDER_CUSTOM);
        assertThat(user.profileJson()).contains("ann@example.org").contains("Ann Lee");

        Key key = device.createKey(user, "keycloak-device");
        assertThat(key.value()).isPresent();
        RealmCoreClient service =
                new RealmCoreClient(server.baseUrl(), "keyport", Files.createTempDirectory("realm-core-key-"));
        User keyUser = service.logInWithApiKey(key.value().orElseThrow());
        assertThat(keyUser.id()).isEqualTo(userId);

        // the same person again: the same user
        assertThat(device.logInWithJwt(keycloakToken()).id()).isEqualTo(userId);

        String tampered = tamper(keycloakToken());
        assertThatThrownBy(() -> device.logInWithJwt(tampered)).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(ErrorCode.RLM_ERR_INVALID_PASSWORD);
            assertThat(refused.httpStatus()).isEqualTo(401);
        });
    }

    @Test
    @Order(2)
    void realm_web_logs_in_with_a_keycloak_token_creates_a_key_and_logs_in_with_it() throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "--test", "custom-token.test.mjs")
                .directory(Path.of("src/test/e2e").toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        node.environment().put("KEYPORT_URL", server.baseUrl());
        node.environment().put("KEYCLOAK_TOKEN_URL", tokenUrl());
        node.environment().put("KEYCLOAK_CLIENT", CLIENT);
        node.environment().put("KEYCLOAK_USER", USER);
        node.environment().put("KEYCLOAK_PASSWORD", PASSWORD);
        node.environment().put("EXPECTED_USER_ID", userId);
        Process test = node.start();
        assertThat(test.waitFor(3, TimeUnit.MINUTES))
                .as("node test finished in time")
                .isTrue();
        assertThat(test.exitValue())
                .as("custom-token.test.mjs (see output above)")
                .isZero();
    }

    @Test
    @Order(3)
    void after_keycloak_rotates_its_key_a_token_signed_with_the_new_key_logs_the_same_user_in() throws Exception {
        String admin = adminToken();
        String realmId = get("/admin/realms/" + REALM, admin).get("id").getStringValue();
        String oldProvider = null;
        for (JsonNode component : get(
                        "/admin/realms/" + REALM + "/components?type=org.keycloak.keys.KeyProvider", admin)
                .values()) {
            if ("rsa-generated".equals(component.get("providerId").getStringValue())) {
                oldProvider = component.get("id").getStringValue();
            }
        }
        assertThat(oldProvider).isNotNull();
        send("POST", "/admin/realms/" + REALM + "/components", admin, """
                {"name":"rsa-rotated","providerId":"rsa-generated","providerType":"org.keycloak.keys.KeyProvider",
                 "parentId":"%s","config":{"priority":["200"],"keySize":["2048"]}}""".formatted(realmId), 201);
        send(
                "PUT",
                "/admin/realms/" + REALM + "/components/" + oldProvider,
                admin,
                """
                {"id":"%s","name":"rsa-generated","providerId":"rsa-generated","providerType":"org.keycloak.keys.KeyProvider",
                 "parentId":"%s","config":{"priority":["100"],"enabled":["false"]}}""".formatted(oldProvider, realmId),
                204);
        String rotated = keycloakToken();
        assertThat(kid(rotated)).isNotEqualTo(firstKid);
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(URI.create(
                                                keycloakUrl + "/realms/" + REALM + "/protocol/openid-connect/certs"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .doesNotContain(firstKid);

        Thread.sleep(1100); // past the refetch interval set for this test (30 s by default)
        RealmCoreClient another =
                new RealmCoreClient(server.baseUrl(), "keyport", Files.createTempDirectory("realm-core-rotated-"));
        User user = another.logInWithJwt(rotated);
        assertThat(user.id()).isEqualTo(userId);
    }

    // --- Keycloak -----------------------------------------------------------------------------------

    private void awaitKeycloak() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(keycloak.isAlive())
                    .as("Keycloak alive (see target/keycloak-it.log)")
                    .isTrue();
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/master"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Keycloak not up within 4 minutes (see target/keycloak-it.log)");
    }

    private void createRealm() throws Exception {
        send("POST", "/admin/realms", adminToken(), """
                {"realm":"%s","enabled":true,
                 "clients":[{"clientId":"%s","enabled":true,"publicClient":true,"directAccessGrantsEnabled":true,
                   "standardFlowEnabled":false,
                   "protocolMappers":[{"name":"audience","protocol":"openid-connect","protocolMapper":"oidc-audience-mapper",
                     "config":{"included.client.audience":"%s","access.token.claim":"true","id.token.claim":"true"}}]}],
                 "users":[{"username":"%s","enabled":true,"email":"ann@example.org","emailVerified":true,
                   "firstName":"Ann","lastName":"Lee",
                   "credentials":[{"type":"password","value":"%s","temporary":false}]}]}
                """.formatted(REALM, CLIENT, CLIENT, USER, PASSWORD), 201);
    }

    private String tokenUrl() {
        return keycloakUrl + "/realms/" + REALM + "/protocol/openid-connect/token";
    }

    private String adminToken() throws Exception {
        return passwordGrant(
                keycloakUrl + "/realms/master/protocol/openid-connect/token", "admin-cli", "admin", "admin-password");
    }

    /** An access token Keycloak signs for the test user (the resource-owner password grant, enabled for this client). */
    private String keycloakToken() throws Exception {
        return passwordGrant(tokenUrl(), CLIENT, USER, PASSWORD);
    }

    private static String passwordGrant(String url, String client, String user, String password) throws Exception {
        String form = "grant_type=password&client_id=" + enc(client) + "&username=" + enc(user) + "&password="
                + enc(password);
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readValue(answer.body(), JsonNode.class).get("access_token").getStringValue();
    }

    private JsonNode get(String path, String bearer) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(keycloakUrl + path))
                        .header("Authorization", "Bearer " + bearer)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readValue(answer.body(), JsonNode.class);
    }

    private void send(String method, String path, String bearer, String json, int expected) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(keycloakUrl + path))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode())
                .as(method + " " + path + ": " + answer.body())
                .isEqualTo(expected);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String header(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
    }

    private static String kid(String jwt) throws IOException {
        return JSON.readValue(header(jwt), JsonNode.class).get("kid").getStringValue();
    }

    /** The same token with another subject in its payload: the signature no longer matches. */
    private static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"someone-else\"");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
