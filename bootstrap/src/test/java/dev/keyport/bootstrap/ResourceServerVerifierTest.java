package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.keyport.application.UseCases;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import dev.keyport.bootstrap.ProtocolClient.Answer;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * A resource server that knows nothing of Keyport but its URL: Spring Security's
 * {@code JwtDecoders.fromIssuerLocation(keyportUrl)} (what Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} builds: it reads
 * {@code /.well-known/openid-configuration}, checks {@code issuer}, fetches the JWKS and checks
 * {@code iss}, {@code exp} and the signature) behind Spring Security's {@link JwtAuthenticationProvider},
 * serving one protected route over real HTTP. It must accept Keyport's access tokens, also across a
 * rotation, and refuse tampered, expired and foreign ones, and Keyport's refresh tokens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceServerVerifierTest {
    private KeyportTestServer keyport;
    private ProtocolClient client;
    private HttpServer resourceServer;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        keyport = KeyportTestServer.start(Map.of(
                "keyport.admin.username",
                "root",
                "keyport.admin.password",
                "admin-secret",
                "keyport.tokens.publish-lead",
                "0s",
                "keyport.tokens.key-reload",
                "1s"));
        client = keyport.client();
        String keyportUrl = keyport.context()
                .getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                .getURL()
                .toString();

        JwtDecoder decoder = JwtDecoders.fromIssuerLocation(keyportUrl);
        JwtAuthenticationProvider authentication = new JwtAuthenticationProvider(decoder);
        resourceServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        resourceServer.createContext("/whoami", exchange -> {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            try {
                if (header == null || !header.startsWith("Bearer ")) {
                    throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException(
                            "no bearer token");
                }
                Authentication user =
                        authentication.authenticate(new BearerTokenAuthenticationToken(header.substring(7)));
                status = 200;
                body = user.getName();
            } catch (AuthenticationException e) {
                status = 401;
                body = e.getMessage();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        resourceServer.start();
    }

    @AfterAll
    void stop() {
        resourceServer.stop(0);
        keyport.close();
    }

    private HttpResponse<String> call(String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + resourceServer.getAddress().getPort() + "/whoami"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_keyport_access_token_is_accepted_and_names_its_user() throws Exception {
        Login user = client.registerAndLogIn("resource-" + System.nanoTime() + "@example.org");

        HttpResponse<String> answer = call(user.accessToken());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(user.userId());
    }

    @Test
    void tampered_expired_foreign_and_refresh_tokens_are_refused() throws Exception {
        Login user = client.registerAndLogIn("refused-" + System.nanoTime() + "@example.org");
        String[] parts = user.accessToken().split("\\.");
        JWTClaimsSet claims =
                JWTClaimsSet.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        String otherSubject = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new JWTClaimsSet.Builder(claims)
                        .subject("000000000000000000000000")
                        .build()
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));
        AccessTokenKeyRing.Signing realKey = keyport.context()
                .getBean(UseCases.class)
                .accessTokenKeys()
                .ring()
                .signing();

        Map<String, String> refused = Map.of(
                "tampered payload", parts[0] + "." + otherSubject + "." + parts[2],
                "expired (signed with Keyport's own key)",
                        sign(
                                realKey.privateKey(),
                                realKey.kid(),
                                new JWTClaimsSet.Builder(claims)
                                        .expirationTime(Date.from(Instant.now().minusSeconds(600)))
                                        .build()),
                "foreign key under Keyport's kid", sign(foreignKey(), realKey.kid(), claims),
                "another issuer (signed with Keyport's own key)",
                        sign(
                                realKey.privateKey(),
                                realKey.kid(),
                                new JWTClaimsSet.Builder(claims)
                                        .issuer("https://elsewhere.example")
                                        .build()),
                "Keyport's refresh token", user.refreshToken());
        for (Map.Entry<String, String> token : refused.entrySet()) {
            HttpResponse<String> answer = call(token.getValue());
            assertThat(answer.statusCode())
                    .as(token.getKey() + ": " + answer.body())
                    .isEqualTo(401);
        }
    }

    @Test
    void tokens_signed_before_and_after_a_rotation_are_both_accepted() throws Exception {
        String email = "rotation-" + System.nanoTime() + "@example.org";
        Login before = client.registerAndLogIn(email);
        assertThat(call(before.accessToken()).statusCode())
                .isEqualTo(200); // the resource server has the JWKS cached now

        String admin = client.post(
                        "/api/admin/v3.0/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"root\",\"password\":\"admin-secret\"}")
                .text("access_token");
        Answer rotated = client.post("/api/admin/v3.0/signing_keys/rotate", admin, null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String newKid = rotated.text("kid");
        Login after = client.logIn("local-userpass", "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}");

        assertThat(kid(after.accessToken())).isEqualTo(newKid).isNotEqualTo(kid(before.accessToken()));
        assertThat(call(after.accessToken()).statusCode())
                .as("signed after the rotation")
                .isEqualTo(200);
        assertThat(call(before.accessToken()).statusCode())
                .as("signed before the rotation")
                .isEqualTo(200);
    }

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static String sign(ECPrivateKey key, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static ECPrivateKey foreignKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return (ECPrivateKey) generator.generateKeyPair().getPrivate();
    }
}
