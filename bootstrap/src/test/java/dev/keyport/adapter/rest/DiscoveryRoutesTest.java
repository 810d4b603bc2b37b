package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Discovery and the JWKS (DiscoveryController) over the real services. */
class DiscoveryRoutesTest {
    private static final String CONFIGURATION = "GET /.well-known/openid-configuration";
    private static final String JWKS = "GET /.well-known/jwks.json";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(CONFIGURATION)
    void the_discovery_document_points_to_the_jwks_and_the_introspection_endpoint() {
        JsonNode document =
                keyport.parse(expect(200, keyport.send("GET", "/.well-known/openid-configuration", null, null)));

        String issuer = document.get("issuer").getStringValue();
        assertThat(document.get("jwks_uri").getStringValue()).isEqualTo(issuer + "/.well-known/jwks.json");
        assertThat(document.get("introspection_endpoint").getStringValue())
                .isEqualTo(issuer + "/api/client/v2.0/auth/introspect");
    }

    @Test
    @Covers(JWKS)
    void the_jwks_holds_the_key_that_signed_an_access_token_and_may_be_cached() {
        String access = keyport.user().access();
        String header = new String(
                Base64.getUrlDecoder().decode(access.substring(0, access.indexOf('.'))), StandardCharsets.UTF_8);

        Answer jwks = expect(200, keyport.send("GET", "/.well-known/jwks.json", null, null));

        List<String> kids = new ArrayList<>();
        keyport.parse(jwks)
                .get("keys")
                .values()
                .forEach(key -> kids.add(key.get("kid").getStringValue()));
        assertThat(kids).anySatisfy(kid -> assertThat(header).contains("\"kid\":\"" + kid + "\""));
        assertThat(jwks.header("Cache-Control")).hasValue("public, max-age=300");
    }
}
