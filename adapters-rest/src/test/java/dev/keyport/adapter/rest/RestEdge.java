package dev.keyport.adapter.rest;

import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.application.admin.port.in.AdminSessions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import dev.keyport.application.signingkeys.port.in.RotateAccessTokenKey;
import dev.keyport.application.signingkeys.port.in.RotateTokenKey;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import dev.keyport.application.signingkeys.service.TokenKeyService;
import dev.keyport.application.signingkeys.service.AccessTokenKeyService;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The REST adapter alone on a random port: its controllers, filters and error handlers, with the use
 * cases given (fakes: the graph production runs is tested in bootstrap). No database, no bootstrap.
 */
final class RestEdge implements AutoCloseable {

    /** A random port; the throttle's client address from {@code X-Forwarded-For}, so a test can play several clients. */
    private static final Map<String, Object> PROPERTIES = Map.of("micronaut.server.port", "-1", "keyport.app-id", "keyport",
            "keyport.login-throttle.client-address-header", "X-Forwarded-For");

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private RestEdge(ApplicationContext context) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class).start();
    }

    /** Each use-case object is bound under every {@code port.in} interface it implements. */
    static RestEdge start(Object... useCases) {
        return start(context -> Arrays.stream(useCases)
                .forEach(useCase -> bindUseCase(context, useCase, useCase.getClass().getInterfaces())));
    }

    /** One object bound under the interfaces given (a proxy standing in for every use case). */
    static RestEdge startWith(Object useCases, Class<?>[] interfaces) {
        return start(context -> bindUseCase(context, useCases, interfaces));
    }

    private static RestEdge start(Consumer<ApplicationContext> bindUseCases) {
        ApplicationContext context = ApplicationContext.builder().properties(PROPERTIES).build();
        bindUseCases.accept(context);
        TokenSettings settings = new TokenSettings(Duration.ofMinutes(30), "keyport");
        context.registerSingleton(TokenSettings.class, settings);
        context.registerSingleton(Clock.class, Clock.systemUTC());
        DrivenPorts keyStore = InMemoryStore.fresh();
        TokenKeyService tokenKeys = new TokenKeyService(keyStore.tokenKeys(), keyStore.secrets(),
                AesGcmSecretSealer.ephemeral(), keyStore.audit(), keyStore.transactions(), Clock.systemUTC(),
                new java.security.SecureRandom(), new TokenKeyService.Settings(java.util.Optional.empty(),
                        Duration.ofDays(60), Duration.ofSeconds(10)));
        context.registerSingleton(TokenKeys.class, tokenKeys);
        context.registerSingleton(RotateTokenKey.class, tokenKeys);
        AccessTokenKeyService accessTokenKeys = new AccessTokenKeyService(keyStore.signingKeys(),
                AesGcmSecretSealer.ephemeral(), keyStore.audit(), keyStore.transactions(), Clock.systemUTC(),
                new AccessTokenKeyService.Settings(Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofMinutes(30),
                        Duration.ofSeconds(10)));
        context.registerSingleton(AccessTokenKeys.class, accessTokenKeys);
        context.registerSingleton(RotateAccessTokenKey.class, accessTokenKeys);
        // the REST adapter's own pieces, as the composition root builds them in production
        SignedTokens tokens = new SignedTokens(settings, accessTokenKeys, tokenKeys, Clock.systemUTC());
        context.registerSingleton(SignedTokens.class, tokens);
        context.registerSingleton(Issuer.class, new Issuer(""));
        context.registerSingleton(ThrottleKeys.class, new ThrottleKeys("X-Forwarded-For", ""));
        context.registerSingleton(AdminCallers.class, new AdminCallers(context.getBean(AdminSessions.class), tokens, "keyport"));
        return new RestEdge(context.start());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void bindUseCase(ApplicationContext context, Object useCase, Class<?>[] interfaces) {
        Arrays.stream(interfaces)
                .filter(type -> type.getPackageName().matches("dev\\.keyport\\.application\\.\\w+\\.port\\.in"))
                .forEach(type -> context.registerSingleton((Class) type, useCase));
    }

    record Answer(int status, String contentType, String body) {
    }

    Answer send(String method, String path, String bearer, String body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
