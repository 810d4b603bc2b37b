package dev.keyport.adapter.rest.metrics;

import dev.keyport.adapter.rest.error.ProtocolError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keyport's own counters, read off each answer of the API:
 * <ul>
 *   <li>{@code keyport_logins_total{provider, outcome}}: client logins by provider ({@code local-userpass},
 *       {@code anon-user}, {@code api-key}) and admin logins ({@code admin}); outcome {@code success},
 *       {@code refused} (a 4xx) or {@code error} (a 5xx);</li>
 *   <li>{@code keyport_refusals_total{reason}}: every refused request by its protocol {@code error_code}
 *       ({@code InvalidSession}, {@code AuthError}, {@code TooManyRequests} for throttle hits, ...).</li>
 * </ul>
 * Tags come from fixed sets (the provider path segment is counted only when it names a provider), so a
 * client cannot create new time series.
 */
@ServerFilter("/api/**")
final class ProtocolMetrics {
    private static final Pattern CLIENT_LOGIN =
            Pattern.compile("/api/client/v2\\.0/app/[^/]+/auth/providers/(local-userpass|anon-user|api-key)/login");
    private static final String ADMIN_LOGIN = "/api/admin/v3.0/auth/providers/local-userpass/login";

    private final MeterRegistry registry;

    ProtocolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @ResponseFilter
    void count(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        String path = request.getPath();
        String provider = null;
        Matcher client = CLIENT_LOGIN.matcher(path);
        if (client.matches()) {
            provider = client.group(1);
        } else if (path.equals(ADMIN_LOGIN)) {
            provider = "admin";
        }
        if (provider != null) {
            String outcome = status < 400 ? "success" : status < 500 ? "refused" : "error";
            registry.counter("keyport.logins", "provider", provider, "outcome", outcome)
                    .increment();
        }
        if (status >= 400
                && response.getBody().orElse(null) instanceof ProtocolError error
                && error.errorCode() != null) {
            registry.counter("keyport.refusals", "reason", error.errorCode()).increment();
        }
    }
}
