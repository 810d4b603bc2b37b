package dev.keyport.adapter.rest.observe;

import dev.keyport.adapter.rest.error.ProtocolError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyport's own counters, read off each answer of the API ({@code /api/...}):
 * <ul>
 *   <li>{@code keyport_logins_total{provider, outcome}}: client logins by provider ({@code local-userpass},
 *       {@code anon-user}, {@code api-key}) and admin logins ({@code admin}); outcome {@code success},
 *       {@code refused} (a 4xx) or {@code error} (a 5xx);</li>
 *   <li>{@code keyport_refusals_total{reason}}: every refused request by its protocol {@code error_code}
 *       ({@code InvalidSession}, {@code AuthError}, {@code TooManyRequests} for throttle hits, ...), of every answer
 *       that passes the framework's filters (not the Netty-level guard's 400, 413, 415 and 501).</li>
 * </ul>
 * Tags come from fixed sets (the provider path segment is counted only when it names a provider; error codes are
 * Keyport's own), so a client cannot create new time series. Each counter is looked up once, not per answer.
 */
final class ProtocolCounters {
    private static final String API = "/api/";
    private static final String CLIENT_APP = "/api/client/v2.0/app/";
    private static final String CLIENT_PROVIDERS = "/auth/providers/";
    private static final String LOGIN = "/login";
    private static final Set<String> CLIENT_PROVIDERS_COUNTED = Set.of("local-userpass", "anon-user", "api-key");
    private static final String ADMIN_LOGIN = "/api/admin/v3.0/auth/providers/local-userpass/login";

    private final MeterRegistry registry;
    /** The login counters by provider and outcome (at most 12). */
    private final Map<String, Counter> logins = new ConcurrentHashMap<>();
    /** The refusal counters by error code. */
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    ProtocolCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one answer to {@code path} (other paths than the API's are not counted). */
    void count(String path, int status, Object body) {
        if (!path.startsWith(API)) {
            return;
        }
        String provider = loginProvider(path);
        if (provider != null) {
            String outcome = status < 400 ? "success" : status < 500 ? "refused" : "error";
            logins.computeIfAbsent(
                            provider + ' ' + outcome,
                            key -> registry.counter("keyport.logins", "provider", provider, "outcome", outcome))
                    .increment();
        }
        if (status >= 400 && body instanceof ProtocolError error && error.errorCode() != null) {
            refusals.computeIfAbsent(
                            error.errorCode(), reason -> registry.counter("keyport.refusals", "reason", reason))
                    .increment();
        }
    }

    /**
     * The provider a login path counts under ({@code admin} for the admin login), or null for any other path. The
     * router also answers a path with one trailing slash, so such a login counts the same (a guesser sending
     * {@code .../login/} is not left out of the counters).
     */
    static String loginProvider(String requestPath) {
        String path = requestPath.endsWith("/") ? requestPath.substring(0, requestPath.length() - 1) : requestPath;
        return path.equals(ADMIN_LOGIN) ? "admin" : clientLoginProvider(path);
    }

    /**
     * The provider of {@code /api/client/v2.0/app/{app}/auth/providers/{provider}/login} when it is one of the
     * counted ones (an {@code app} segment without {@code /}), else null.
     */
    static String clientLoginProvider(String path) {
        if (!path.startsWith(CLIENT_APP) || !path.endsWith(LOGIN)) {
            return null;
        }
        int appEnd = path.indexOf('/', CLIENT_APP.length());
        if (appEnd <= CLIENT_APP.length() || !path.startsWith(CLIENT_PROVIDERS, appEnd)) {
            return null;
        }
        int providerStart = appEnd + CLIENT_PROVIDERS.length();
        int providerEnd = path.length() - LOGIN.length();
        if (providerEnd <= providerStart) {
            return null;
        }
        String provider = path.substring(providerStart, providerEnd);
        return CLIENT_PROVIDERS_COUNTED.contains(provider) ? provider : null;
    }
}
