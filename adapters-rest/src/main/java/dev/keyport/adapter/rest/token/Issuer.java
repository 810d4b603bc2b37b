package dev.keyport.adapter.rest.token;

import io.micronaut.http.HttpRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * The URL clients and resource servers know Keyport by: the access tokens' {@code iss}, the base of the
 * discovery document's URLs, and the {@code hostname} of the location route. It is
 * {@code keyport.public-url} ({@code KEYPORT_PUBLIC_URL}) when set, which it should be in production;
 * otherwise it is derived from the request's scheme and {@code Host}, as Keycloak does without a
 * configured hostname, so that {@code http://127.0.0.1:8080} and {@code http://localhost:8080} each work
 * as an issuer URL on a developer's machine.
 */
public final class Issuer {
    private final Optional<String> configured;

    /** {@code keyport.public-url}: blank for the issuer taken from each request. */
    public Issuer(String publicUrl) {
        this.configured = Optional.ofNullable(publicUrl)
                .filter(url -> !url.isBlank())
                .map(String::strip)
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public String of(HttpRequest<?> request) {
        return configured.orElseGet(() -> derived(request));
    }

    private static String derived(HttpRequest<?> request) {
        String host = request.getHeaders().get("Host");
        if (!isHostAndPort(host)) {
            host = request.getServerAddress().getHostString() + ":"
                    + request.getServerAddress().getPort();
        }
        String scheme = request.isSecure() ? "https" : "http";
        return scheme + "://" + host.toLowerCase(Locale.ROOT);
    }

    /** A {@code Host} made only of {@code [A-Za-z0-9.\\-\\[\\]:]}: a name or an IP literal and a port, nothing to inject. */
    static boolean isHostAndPort(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '-'
                    || c == '['
                    || c == ']'
                    || c == ':';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
