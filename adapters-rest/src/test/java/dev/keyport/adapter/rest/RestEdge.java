package dev.keyport.adapter.rest;

import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.adapter.rest.admin.AdminCallers;
import dev.keyport.adapter.rest.client.ClientApp;
import dev.keyport.adapter.rest.throttle.ThrottleKeys;
import dev.keyport.adapter.rest.token.Issuer;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.signingkeys.service.AccessTokenKeyService;
import dev.keyport.application.signingkeys.service.TokenKeyService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The REST adapter alone on a random port: its controllers, filters and error handlers, with the use
 * cases given (fakes; the production graph is tested in bootstrap, over {@link #over}) handed to the controllers as one
 * {@link Routes}, each {@code Uses} component filled from the given objects by type. No database, no
 * bootstrap. Every request sent is recorded by the route it reached ({@link #routesReached()}), so that
 * {@link Covers} can check that a test sends what it claims to cover.
 */
final class RestEdge implements AutoCloseable {

    /** A random port; the throttle's client address from {@code X-Forwarded-For}, so a test can play several clients. */
    private static final Map<String, Object> PROPERTIES = Map.of(
            "micronaut.server.port",
            "-1",
            "keyport.app-id",
            "keyport",
            "keyport.login-throttle.client-address-header",
            "X-Forwarded-For");

    private static final Set<String> REACHED = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final Router router;
    private final HttpClient http = HttpClient.newHttpClient();

    private RestEdge(ApplicationContext context) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class).start();
        this.router = context.getBean(Router.class);
    }

    /** An edge over a whole Keyport already started in {@code context} (bootstrap's tests: the production graph). */
    static RestEdge over(ApplicationContext context) {
        return new RestEdge(context);
    }

    /**
     * Each {@code Uses} component of {@link Routes} is the first of {@code useCases} that implements it
     * (then the token-key services this edge makes itself); one that none implements throws when called.
     */
    static RestEdge start(Object... useCases) {
        ApplicationContext context =
                ApplicationContext.builder().properties(PROPERTIES).build();
        TokenSettings settings = new TokenSettings(Duration.ofMinutes(30), "keyport");
        context.registerSingleton(TokenSettings.class, settings);
        context.registerSingleton(Clock.class, Clock.systemUTC());
        DrivenPorts keyStore = InMemoryStore.fresh();
        TokenKeyService tokenKeys = new TokenKeyService(
                keyStore.tokenKeys(),
                keyStore.secrets(),
                AesGcmSecretSealer.ephemeral(),
                keyStore.audit(),
                keyStore.transactions(),
                Clock.systemUTC(),
                new SecureRandom(),
                new TokenKeyService.Settings(Optional.empty(), Duration.ofDays(60), Duration.ofSeconds(10)));
        AccessTokenKeyService accessTokenKeys = new AccessTokenKeyService(
                keyStore.signingKeys(),
                AesGcmSecretSealer.ephemeral(),
                keyStore.audit(),
                keyStore.transactions(),
                Clock.systemUTC(),
                new AccessTokenKeyService.Settings(
                        Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofSeconds(10)));
        List<Object> candidates = new ArrayList<>(Arrays.asList(useCases));
        candidates.add(tokenKeys);
        candidates.add(accessTokenKeys);
        Routes routes = routesOf(candidates);
        context.registerSingleton(Routes.class, routes);
        // the adapter's own pieces, as the composition root builds them in production (with the real token keys,
        // even under a fake)
        SignedTokens tokens = new SignedTokens(settings, accessTokenKeys, tokenKeys, Clock.systemUTC());
        context.registerSingleton(SignedTokens.class, tokens);
        context.registerSingleton(Issuer.class, new Issuer(""));
        context.registerSingleton(ClientApp.class, new ClientApp("keyport"));
        context.registerSingleton(ThrottleKeys.class, new ThrottleKeys("X-Forwarded-For", ""));
        context.registerSingleton(
                AdminCallers.class, new AdminCallers(routes.adminSessions().sessions(), tokens, "keyport"));
        return new RestEdge(context.start());
    }

    /** A {@link Routes} whose every {@code Uses} component is the first candidate of its type. */
    static Routes routesOf(List<Object> candidates) {
        RecordComponent[] controllers = Routes.class.getRecordComponents();
        Object[] uses = new Object[controllers.length];
        for (int i = 0; i < controllers.length; i++) {
            uses[i] = construct(
                    controllers[i].getType(),
                    Arrays.stream(controllers[i].getType().getRecordComponents())
                            .map(component -> find(component.getType(), candidates))
                            .toArray());
        }
        return (Routes) construct(Routes.class, uses);
    }

    /** Every {@code port.in} interface some controller's {@code Uses} names. */
    static Set<Class<?>> everyUseCase() {
        Set<Class<?>> types = new java.util.LinkedHashSet<>();
        for (RecordComponent controller : Routes.class.getRecordComponents()) {
            for (RecordComponent useCase : controller.getType().getRecordComponents()) {
                types.add(useCase.getType());
            }
        }
        return types;
    }

    private static Object find(Class<?> type, List<Object> candidates) {
        return candidates.stream()
                .filter(type::isInstance)
                .findFirst()
                .orElseGet(() ->
                        Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "toString" -> {
                                    return "no " + type.getSimpleName();
                                }
                                case "hashCode" -> {
                                    return System.identityHashCode(proxy);
                                }
                                case "equals" -> {
                                    return proxy == args[0];
                                }
                                default -> {}
                            }
                            throw new UnsupportedOperationException(
                                    "no " + type.getSimpleName() + " was given to RestEdge");
                        }));
    }

    private static Object construct(Class<?> record, Object[] components) {
        try {
            Class<?>[] types = Arrays.stream(record.getRecordComponents())
                    .map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            return record.getDeclaredConstructor(types).newInstance(components);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, String contentType, String body, Map<String, List<String>> headers) {
        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst();
        }
    }

    /**
     * One request. Unless the test names one ({@code X-Forwarded-For} among {@code headerPairs}), each request
     * comes from an address of its own, so that the refusals one test provokes never throttle another.
     */
    Answer send(String method, String path, String bearer, String body, String... headerPairs) {
        return sendAs(body == null ? null : "application/json", method, path, bearer, body, headerPairs);
    }

    /** One request whose body is of {@code contentType}. */
    Answer sendAs(String contentType, String method, String path, String bearer, String body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        boolean addressGiven = false;
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
            addressGiven |= headerPairs[i].equalsIgnoreCase("X-Forwarded-For");
        }
        if (!addressGiven) {
            int client = CLIENTS.incrementAndGet();
            request.header("X-Forwarded-For", "198.18." + (client >> 8 & 255) + "." + (client & 255));
        }
        String route = router.route(HttpMethod.parse(method), path.replaceFirst("\\?.*", ""))
                .map(match -> routeName(match.getRouteInfo()))
                .orElse("no route: " + method + " " + path);
        REACHED.add(route);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    response.headers().map());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** "GET /api/..." as {@link Covers} names a route: the router's template without its query part. */
    static String routeName(UriRouteInfo<?, ?> route) {
        return route.getHttpMethodName() + " "
                + route.getUriMatchTemplate().toString().replaceAll("\\{\\?[^}]*}", "");
    }

    /** Every route of Keyport's controllers this edge serves (the router's HEAD twins of GETs left out). */
    Set<String> routes() {
        return router.uriRoutes()
                .filter(route ->
                        route.getTargetMethod().getDeclaringType().getName().startsWith("dev.keyport."))
                .filter(route -> !"HEAD".equals(route.getHttpMethodName()))
                .map(RestEdge::routeName)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The classes of Keyport's controllers this edge serves. */
    Set<Class<?>> controllers() {
        return router.uriRoutes()
                .map(route -> route.getTargetMethod().getDeclaringType())
                .filter(type -> type.getName().startsWith("dev.keyport."))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The routes requests were sent to since the last {@link #forgetRoutesReached()}, by any edge. */
    static Set<String> routesReached() {
        return Set.copyOf(REACHED);
    }

    static void forgetRoutesReached() {
        REACHED.clear();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
