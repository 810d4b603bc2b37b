package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.ADMIN;
import static dev.keyport.adapter.rest.InMemoryKeyport.APP;
import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.Key;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Providers, their export and the key lifetime limits (ProvidersController) over the real services. */
class ProviderRoutesTest {
    private static final String LIST = "GET /api/admin/v3.0/apps/{app}/auth_providers";
    private static final String ENABLE = "PUT /api/admin/v3.0/apps/{app}/auth_providers/{id}/enable";
    private static final String DISABLE = "PUT /api/admin/v3.0/apps/{app}/auth_providers/{id}/disable";
    private static final String EXPORT = "GET /api/admin/v3.0/apps/{app}/export";
    private static final String CONFIGURE = "PUT /api/admin/v3.0/apps/{app}/auth_providers/{id}";
    private static final String LIFETIMES = "GET /api/admin/v3.0/apps/{app}/api_key_lifetimes";
    private static final String LIMIT_LIFETIMES = "PUT /api/admin/v3.0/apps/{app}/api_key_lifetimes";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(LIST)
    void the_three_providers_are_listed_for_this_app_only() {
        String admin = keyport.admin();

        List<String> names = new ArrayList<>();
        keyport.parse(expect(200, keyport.send("GET", APPS + "/auth_providers", admin, null)))
                .values()
                .forEach(provider -> names.add(provider.get("name").getStringValue()));

        assertThat(names).containsExactlyInAnyOrder("local-userpass", "api-key", "anon-user", "custom-token");
        assertThat(keyport.refusal(404, keyport.send("GET", ADMIN + "/apps/other/auth_providers", admin, null)))
                .isEqualTo("AppNotFound");
        expect(401, keyport.send("GET", ADMIN + "/apps/other/auth_providers", null, null));
    }

    @Test
    @Covers({DISABLE, ENABLE})
    void a_disabled_provider_refuses_logins_until_enabled_again() {
        String admin = keyport.admin();
        Key key = keyport.userKey(keyport.user());
        String login = "{\"key\":\"" + key.value() + "\"}";

        expect(204, keyport.send("PUT", APPS + "/auth_providers/api-key/disable", admin, null));
        try {
            assertThat(keyport.refusal(404, keyport.send("POST", APP + "/auth/providers/api-key/login", null, login)))
                    .isEqualTo("AuthProviderNotFound");
        } finally {
            expect(204, keyport.send("PUT", APPS + "/auth_providers/api-key/enable", admin, null));
        }
        expect(200, keyport.send("POST", APP + "/auth/providers/api-key/login", null, login));
    }

    @Test
    @Covers({ENABLE, DISABLE})
    void an_unknown_provider_is_not_found() {
        String admin = keyport.admin();

        assertThat(keyport.refusal(
                        404, keyport.send("PUT", APPS + "/auth_providers/custom-function/enable", admin, null)))
                .isEqualTo("AuthProviderNotFound");
        assertThat(keyport.refusal(
                        404, keyport.send("PUT", APPS + "/auth_providers/custom-function/disable", admin, null)))
                .isEqualTo("AuthProviderNotFound");
    }

    @Test
    @Covers(CONFIGURE)
    void a_provider_document_configures_custom_token_whose_tokens_then_log_in_and_its_secrets_are_never_shown()
            throws Exception {
        String admin = keyport.admin();
        String secret = "a-shared-hs256-secret-of-at-least-32-bytes";
        String document = """
                {"name":"custom-token","type":"custom-token","disabled":false,
                 "config":{"audience":"keyport-app","signingAlgorithm":"HS256","useJWKURI":false},
                 "secret_config":{"signingKeys":["routeKey"]},
                 "metadata_fields":[{"required":true,"name":"email","field_name":"email"}]%s}""";
        assertThat(keyport.refusal(
                        400, keyport.send("PUT", APPS + "/auth_providers/custom-token", admin, document.formatted(""))))
                .isEqualTo("InvalidParameter");
        String stored = expect(
                        200,
                        keyport.send(
                                "PUT",
                                APPS + "/auth_providers/custom-token",
                                admin,
                                document.formatted(",\"secrets\":{\"routeKey\":\"" + secret + "\"}")))
                .body();
        assertThat(stored).contains("\"signingKeys\":[\"routeKey\"]").doesNotContain(secret);
        assertThat(expect(200, keyport.send("GET", APPS + "/export", admin, null))
                        .body())
                .doesNotContain(secret)
                .contains("auth_providers/custom-token.json");

        com.nimbusds.jwt.SignedJWT token = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                        .subject("route-user")
                        .audience("keyport-app")
                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000))
                        .claim("email", "r@example.org")
                        .build());
        token.sign(new com.nimbusds.jose.crypto.MACSigner(secret));
        String login = "{\"token\":\"" + token.serialize() + "\"}";
        expect(200, keyport.send("POST", APP + "/auth/providers/custom-token/login", null, login));
        assertThat(keyport.refusal(
                        401,
                        keyport.send(
                                "POST",
                                APP + "/auth/providers/custom-token/login",
                                null,
                                "{\"token\":\"" + token.serialize() + "x\"}")))
                .isEqualTo("InvalidPassword");

        assertThat(keyport.refusal(
                        400,
                        keyport.send("PUT", APPS + "/auth_providers/custom-token", admin, "{\"type\":\"api-key\"}")))
                .isEqualTo("InvalidParameter");
        assertThat(keyport.refusal(404, keyport.send("PUT", APPS + "/auth_providers/custom-function", admin, "{}")))
                .isEqualTo("AuthProviderNotFound");
        expect(401, keyport.send("PUT", APPS + "/auth_providers/custom-token", null, document.formatted("")));
        expect(204, keyport.send("PUT", APPS + "/auth_providers/custom-token/disable", admin, null));
    }

    @Test
    @Covers(EXPORT)
    void the_export_is_one_app_directory_file_per_provider() {
        JsonNode files = keyport.parse(expect(200, keyport.send("GET", APPS + "/export", keyport.admin(), null)));

        assertThat(files.get("auth_providers/api-key.json").get("name").getStringValue())
                .isEqualTo("api-key");
        assertThat(files.get("auth_providers/local-userpass.json")).isNotNull();
        assertThat(files.get("auth_providers/anon-user.json")).isNotNull();
    }

    @Test
    @Covers({LIFETIMES, LIMIT_LIFETIMES})
    void key_lifetimes_are_unlimited_until_limited_and_the_limit_is_read_back() {
        String admin = keyport.admin();
        JsonNode unlimited = keyport.parse(expect(200, keyport.send("GET", APPS + "/api_key_lifetimes", admin, null)));
        assertThat(unlimited.get("user_key_max_lifetime_days").isNull()).isTrue();

        try {
            JsonNode limited = keyport.parse(expect(
                    200,
                    keyport.send("PUT", APPS + "/api_key_lifetimes", admin, "{\"user_key_max_lifetime_days\":30}")));
            assertThat(limited.get("user_key_max_lifetime_days").getLongValue()).isEqualTo(30);
            assertThat(keyport.parse(expect(200, keyport.send("GET", APPS + "/api_key_lifetimes", admin, null)))
                            .get("user_key_max_lifetime_days")
                            .getLongValue())
                    .isEqualTo(30);
        } finally {
            expect(200, keyport.send("PUT", APPS + "/api_key_lifetimes", admin, "{}"));
        }
        assertThat(keyport.refusal(
                        400,
                        keyport.send(
                                "PUT",
                                APPS + "/api_key_lifetimes",
                                admin,
                                "{\"user_key_max_lifetime_days\":\"a month\"}")))
                .isEqualTo("InvalidParameter");
    }
}
